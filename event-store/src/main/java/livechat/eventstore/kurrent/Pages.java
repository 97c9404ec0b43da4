package livechat.eventstore.kurrent;

import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** A stream read page by page, lazily, so a long stream is never held in memory at once. */
final class Pages {

    /** One page; {@code last} ends the stream after its items. A page may be empty and still not the last. */
    record Page<T>(List<T> items, boolean last) {
    }

    private Pages() {
    }

    static <T> Stream<T> stream(Supplier<Page<T>> nextPage) {
        return StreamSupport.stream(new Spliterators.AbstractSpliterator<T>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            private Iterator<T> current = List.<T>of().iterator();
            private boolean last;

            @Override
            public boolean tryAdvance(Consumer<? super T> action) {
                while (!current.hasNext()) {
                    if (last) {
                        return false;
                    }
                    Page<T> page = nextPage.get();
                    current = page.items().iterator();
                    last = page.last();
                }
                action.accept(current.next());
                return true;
            }
        }, false);
    }
}
