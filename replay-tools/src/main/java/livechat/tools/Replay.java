package livechat.tools;

import me.tongfei.progressbar.ProgressBar;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Feeds the event log to a projection the way the server's streaming processors do: in batches, each in one
 * {@link BatchingUnitOfWork} through the projection's annotated handlers and interceptors, so it writes exactly
 * what the live projection writes (one bulkWrite per collection per batch).
 */
final class Replay {

    private final EventStorageEngine engine;
    private final int batchSize;

    Replay(EventStorageEngine engine, int batchSize) {
        this.engine = engine;
        this.batchSize = batchSize;
    }

    /** The global position of the newest event, -1 for an empty log. */
    long head() {
        return position(engine.createHeadToken());
    }

    static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }

    /**
     * Applies the events after {@code from} (null: from the first) up to position {@code upTo} to
     * {@code projection}, calling {@code afterBatch} with the last event's token once each batch is written.
     * Returns the token of the last event applied ({@code from} if there was none).
     */
    TrackingToken run(Object projection, TrackingToken from, long upTo, String task,
                      Consumer<TrackingToken> afterBatch) throws Exception {
        AnnotationEventHandlerAdapter adapter = new AnnotationEventHandlerAdapter(projection);
        TrackingToken last = from;
        try (ProgressBar bar = Progress.bar(task, upTo - position(from));
             Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(from, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            List<EventMessage<?>> batch = new ArrayList<>();
            int read = 0;
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                if (position(event.trackingToken()) > upTo) {
                    break;
                }
                if (adapter.canHandle(event)) {
                    batch.add(event);
                }
                long previous = position(last);
                last = event.trackingToken();
                bar.stepBy(position(last) - previous);
                if (++read == batchSize) {
                    deliver(adapter, batch);
                    afterBatch.accept(last);
                    batch.clear();
                    read = 0;
                }
            }
            if (read > 0) {
                deliver(adapter, batch);
                afterBatch.accept(last);
            }
            bar.stepTo(bar.getMax());
        }
        return last;
    }

    private static void deliver(AnnotationEventHandlerAdapter adapter, List<EventMessage<?>> batch) throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> adapter.handle(unitOfWork.getMessage()));
        if (result.isExceptional()) {
            throw new IllegalStateException("the projection failed on a batch of events", result.exceptionResult());
        }
    }
}
