package livechat.eventstore.kurrent;

import io.kurrent.dbclient.ReadStreamOptions;
import livechat.events.serialization.EventSerialization;
import livechat.eventstore.EventStorageEngineContract;
import livechat.eventstore.Greeted;
import livechat.eventstore.GreetingUpcaster;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The KurrentDB engine against the in-process protocol double, and what only this engine must guarantee. */
class KurrentEventStorageEngineTest extends EventStorageEngineContract {

    private KurrentDbDouble kurrent;
    private KurrentConnection connection;

    @Override
    protected EventStorageEngine createEngine(GreetingUpcaster upcaster) {
        kurrent = KurrentDbDouble.start();
        connection = new KurrentConnection(kurrent.connectionString(), Duration.ofSeconds(5));
        return KurrentEventStorageEngine.builder().connection(connection)
                .eventSerializer(EventSerialization.serializer()).snapshotSerializer(EventSerialization.serializer())
                .upcasterChain(upcaster)
                // Tiny pages, so every read in the suite crosses page boundaries.
                .pageSize(2).resubscribeDelay(Duration.ofMillis(200)).subscriptionCheckInterval(Duration.ofMillis(500))
                .build();
    }

    @Override
    protected void closeEngine() {
        connection.close();
        kurrent.close();
    }

    @Test
    void findsAnAggregateWithoutReadingTheWholeLog() {
        String a = newAggregate();
        engine.appendEvents(event(a, 0, new Greeted("0")), event(a, 1, new Greeted("1")), event(a, 2, new Greeted("2")));
        engine.storeSnapshot(event(a, 1, new Greeted("snapshot")));
        long before = kurrent.allReads();

        assertThat(aggregate(a, 1)).hasSize(2);
        assertThat(engine.readSnapshot(a)).isPresent();
        assertThat(engine.lastSequenceNumberFor(a)).contains(2L);

        assertThat(kurrent.allReads()).isEqualTo(before);
    }

    @Test
    void writesEachRunOfOneAggregatesEventsInOneAppendInTheOrderOffered() {
        String a = newAggregate();
        String b = newAggregate();
        List<DomainEventMessage<?>> unitOfWork = List.of(event(a, 0, new Greeted("a0")), event(a, 1, new Greeted("a1")),
                event(b, 0, new Greeted("b0")), event(b, 1, new Greeted("b1")), event(a, 2, new Greeted("a2")));

        engine.appendEvents(unitOfWork);

        assertThat(kurrent.appendCalls()).containsExactly(
                new KurrentDbDouble.AppendCall("livechat-" + a, uuids(unitOfWork.get(0), unitOfWork.get(1))),
                new KurrentDbDouble.AppendCall("livechat-" + b, uuids(unitOfWork.get(2), unitOfWork.get(3))),
                new KurrentDbDouble.AppendCall("livechat-" + a, uuids(unitOfWork.get(4))));
    }

    @Test
    void retryingAnAppendWhoseAnswerWasLostWritesNothingTwice() {
        String a = newAggregate();
        List<DomainEventMessage<?>> events = List.of(event(a, 0, new Greeted("0")), event(a, 1, new Greeted("1")));
        engine.appendEvents(events);

        engine.appendEvents(events);

        assertThat(ids(aggregate(a, 0))).isEqualTo(ids(events));
    }

    @Test
    void keepsOnlyTheNewestSnapshotOnTheServer() {
        String a = newAggregate();
        engine.appendEvents(event(a, 0, new Greeted("0")), event(a, 1, new Greeted("1")));
        engine.storeSnapshot(event(a, 0, new Greeted("first")));
        engine.storeSnapshot(event(a, 1, new Greeted("second")));

        String stream = KurrentEventStorageEngine.snapshotStreamOf(a);
        assertThat(connection.call("read snapshots", client -> client.readStream(stream,
                ReadStreamOptions.get().forwards().fromStart())).getEvents()).hasSize(1);
    }

    @Test
    void aBlockingReadFollowsTheHeadAcrossAServerRestart() throws Exception {
        String a = newAggregate();
        TrackingToken head = engine.createHeadToken();
        try (Stream<? extends TrackedEventMessage<?>> following = engine.readEvents(head, true)) {
            Iterator<? extends TrackedEventMessage<?>> events = following.iterator();
            DomainEventMessage<?> first = event(a, 0, new Greeted("live"));
            engine.appendEvents(first);
            assertThat(next(events).getIdentifier()).isEqualTo(first.getIdentifier());

            kurrent.stop();
            kurrent.restart();
            DomainEventMessage<?> second = event(a, 1, new Greeted("after the restart"));
            engine.appendEvents(second);

            assertThat(next(events).getIdentifier()).isEqualTo(second.getIdentifier());
        }
    }

    @Test
    void failsFastWhileTheServerIsDownAndRecoversWhenItIsBack() {
        String a = newAggregate();
        engine.appendEvents(event(a, 0, new Greeted("0")));
        kurrent.stop();

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(
                () -> engine.appendEvents(event(a, 1, new Greeted("lost"))))
                .isInstanceOf(EventStoreUnavailableException.class));

        kurrent.restart();
        engine.appendEvents(event(a, 1, new Greeted("1")));
        assertThat(aggregate(a, 0)).hasSize(2);
    }

    private static TrackedEventMessage<?> next(Iterator<? extends TrackedEventMessage<?>> events) throws Exception {
        return CompletableFuture.supplyAsync(events::next).get(30, TimeUnit.SECONDS);
    }

    private static List<UUID> uuids(DomainEventMessage<?>... events) {
        return Stream.of(events).map(e -> UUID.fromString(e.getIdentifier())).toList();
    }
}
