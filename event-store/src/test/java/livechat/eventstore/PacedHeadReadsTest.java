package livechat.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PacedHeadReadsTest {

    private static final long PACE = Duration.ofMillis(10).toNanos();

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Long> parks = new ArrayList<>();
    private final List<Long> headReadsAt = new ArrayList<>();
    private final InMemoryEventStorageEngine log = new InMemoryEventStorageEngine() {
        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            if (mayBlock) {
                headReadsAt.add(now.get());
            }
            return super.readEvents(trackingToken, mayBlock);
        }
    };
    // The fake clock moves only when the reader parks, by exactly as long as it asked to.
    private final PacedHeadReads paced = new PacedHeadReads(log, Duration.ofNanos(PACE), now::get, nanos -> {
        parks.add(nanos);
        now.addAndGet(nanos);
    });

    @Test
    void headReadsBackToBackStartAPaceApart() {
        paced.readEvents(null, true);
        paced.readEvents(null, true);
        now.addAndGet(PACE / 4);
        paced.readEvents(null, true);

        assertThat(headReadsAt).containsExactly(1_000_000_000L, 1_000_000_000L + PACE, 1_000_000_000L + 2 * PACE);
        assertThat(parks).containsExactly(PACE, PACE - PACE / 4);
    }

    @Test
    void aHeadReadAfterAQuietSpellStartsAtOnce() {
        paced.readEvents(null, true);
        now.addAndGet(3 * PACE);

        paced.readEvents(null, true);

        assertThat(parks).isEmpty();
        assertThat(headReadsAt).containsExactly(1_000_000_000L, 1_000_000_000L + 3 * PACE);
    }

    @Test
    void otherReadsAreNeverDelayed() {
        paced.readEvents(null, true);

        paced.readEvents(null, false);
        paced.readEvents("conversation-1", 0);

        assertThat(parks).isEmpty();
    }

    @Test
    void anInterruptedReaderStopsWaiting() {
        PacedHeadReads neverDue = new PacedHeadReads(log, Duration.ofHours(1), now::get, nanos -> parks.add(nanos));
        neverDue.readEvents(null, true);

        Thread.currentThread().interrupt();
        try {
            neverDue.readEvents(null, true);
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }

        assertThat(parks).isEmpty();
        assertThat(headReadsAt).hasSize(2);
    }

    @Test
    void theEventStoreOnAPacedEngineHandsEveryEventToItsReadersInOrder() throws InterruptedException {
        EmbeddedEventStore store = EmbeddedEventStore.builder()
                .storageEngine(new PacedHeadReads(new InMemoryEventStorageEngine(), Duration.ofMillis(5)))
                .fetchDelay(50).build();
        try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
            List<Object> received = new ArrayList<>();
            // Caught up with the empty log first, the stream then takes what the store's head reader brings.
            assertThat(stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)).isFalse();
            for (int n = 0; n < 100; n++) {
                store.publish(GenericEventMessage.asEventMessage(new Greeted("hello " + n)));
            }
            while (received.size() < 100 && stream.hasNextAvailable(30, TimeUnit.SECONDS)) {
                received.add(stream.nextAvailable().getPayload());
            }

            assertThat(received).hasSize(100).startsWith(new Greeted("hello 0")).endsWith(new Greeted("hello 99"));
            assertThat(received).doesNotHaveDuplicates();
        } finally {
            store.shutDown();
        }
    }
}
