package livechat.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventArrivalsTest {

    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    // Idle wakes an hour apart: any wake seen below was caused by an arrival.
    private final EventArrivals arrivals = new EventArrivals(store, Duration.ofHours(1), Duration.ZERO);

    @AfterEach
    void closeAll() {
        arrivals.close();
        store.shutDown();
    }

    @Test
    void anIdleStreamIsWokenWhenAnEventArrives() throws InterruptedException {
        AtomicInteger wakes = new AtomicInteger();
        try (BlockingStream<TrackedEventMessage<?>> stream = arrivals.openStream(null)) {
            assertThat(stream.setOnAvailableCallback(wakes::incrementAndGet)).isTrue();

            // Published until one is seen, because the watcher may still be opening its view of the head.
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                store.publish(GenericEventMessage.asEventMessage(new Greeted("hello")));
                return wakes.get() > 0;
            });

            assertThat(stream.hasNextAvailable()).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo(new Greeted("hello"));
        }
    }

    @Test
    void eventsArrivingSoonAfterAWakeAreHandedOverWithTheNextOneInsteadOfAWakeEach() throws InterruptedException {
        AtomicInteger wakes = new AtomicInteger();
        try (EventArrivals coalescing = new EventArrivals(store, Duration.ofHours(1), Duration.ofHours(1));
             BlockingStream<TrackedEventMessage<?>> stream = coalescing.openStream(null)) {
            stream.setOnAvailableCallback(wakes::incrementAndGet);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                store.publish(GenericEventMessage.asEventMessage(new Greeted("first")));
                return wakes.get() > 0;
            });

            store.publish(GenericEventMessage.asEventMessage(new Greeted("second")));
            store.publish(GenericEventMessage.asEventMessage(new Greeted("third")));

            // A watcher waking per arrival wakes again within milliseconds; this one waits out its hour.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> wakes.get() == 1);
            TrackedEventMessage<?> last = null;
            while (stream.hasNextAvailable()) {
                last = stream.nextAvailable();
            }
            assertThat(last).isNotNull();
            assertThat(last.getPayload()).isEqualTo(new Greeted("third"));
        }
    }

    @Test
    void aClosedStreamIsNoLongerWoken() {
        AtomicInteger closedWakes = new AtomicInteger();
        AtomicInteger openWakes = new AtomicInteger();
        BlockingStream<TrackedEventMessage<?>> closed = arrivals.openStream(null);
        closed.setOnAvailableCallback(closedWakes::incrementAndGet);
        closed.close();
        try (BlockingStream<TrackedEventMessage<?>> open = arrivals.openStream(null)) {
            open.setOnAvailableCallback(openWakes::incrementAndGet);

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                store.publish(GenericEventMessage.asEventMessage(new Greeted("hello")));
                return openWakes.get() > 0;
            });
        }

        assertThat(closedWakes).hasValue(0);
    }
}
