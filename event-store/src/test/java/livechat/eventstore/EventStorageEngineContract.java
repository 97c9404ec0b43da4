package livechat.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link EventStorageEngine} of livechat must do, run against each engine by a subclass. Aggregate ids
 * are fresh per test and tracked reads are narrowed to them, so the suite also runs against a shared server that
 * holds other data.
 */
public abstract class EventStorageEngineContract {

    protected static final String TYPE = "Conversation";

    protected EventStorageEngine engine;
    protected GreetingUpcaster upcaster;
    private final Set<String> ours = ConcurrentHashMap.newKeySet();

    /** A fresh engine on an empty (or at least unrelated) store, reading through {@code upcaster}. */
    protected abstract EventStorageEngine createEngine(GreetingUpcaster upcaster);

    protected void closeEngine() {
    }

    @BeforeEach
    void createEngine() {
        upcaster = new GreetingUpcaster();
        engine = createEngine(upcaster);
    }

    @AfterEach
    void close() {
        closeEngine();
    }

    protected String newAggregate() {
        String id = UUID.randomUUID().toString();
        ours.add(id);
        return id;
    }

    protected static DomainEventMessage<?> event(String aggregate, long sequence, Object payload) {
        return event(aggregate, sequence, payload, Instant.now());
    }

    protected static DomainEventMessage<?> event(String aggregate, long sequence, Object payload, Instant at) {
        // Millisecond precision: Axon's JDBC engine stores no finer timestamps.
        return new GenericDomainEventMessage<>(TYPE, aggregate, sequence, payload, MetaData.emptyInstance(),
                UUID.randomUUID().toString(), at.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Events of this test's aggregates after {@code token}, in the order a processor would see them. */
    protected List<TrackedEventMessage<?>> trackedAfter(TrackingToken token) {
        try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(token, false)) {
            return events.filter(e -> e instanceof DomainEventMessage<?> d && ours.contains(d.getAggregateIdentifier()))
                    .<TrackedEventMessage<?>>map(e -> e).toList();
        }
    }

    protected List<DomainEventMessage<?>> aggregate(String id, long from) {
        return engine.readEvents(id, from).asStream().<DomainEventMessage<?>>map(e -> e).toList();
    }

    private static Object payload(EventMessage<?> event) {
        return event.getPayload();
    }

    protected static List<String> ids(List<? extends EventMessage<?>> events) {
        return events.stream().map(EventMessage::getIdentifier).toList();
    }

    @Test
    void readsAnAggregateFromASequenceNumber() {
        String a = newAggregate();
        String b = newAggregate();
        List<DomainEventMessage<?>> written = new ArrayList<>();
        for (int seq = 0; seq < 5; seq++) {
            DomainEventMessage<?> e = event(a, seq, new Greeted("a" + seq));
            written.add(e);
            engine.appendEvents(e, event(b, seq, new Greeted("b" + seq)));
        }

        assertThat(ids(aggregate(a, 0))).isEqualTo(ids(written));
        assertThat(aggregate(a, 3)).extracting(DomainEventMessage::getSequenceNumber).containsExactly(3L, 4L);
        assertThat(aggregate(a, 3)).extracting(EventStorageEngineContract::payload)
                .containsExactly(new Greeted("a3"), new Greeted("a4"));
        assertThat(aggregate(newAggregate(), 0)).isEmpty();
    }

    @Test
    void knowsTheLastSequenceNumberOfAnAggregate() {
        String a = newAggregate();
        assertThat(engine.lastSequenceNumberFor(a)).isEmpty();

        engine.appendEvents(event(a, 0, new Greeted("0")), event(a, 1, new Greeted("1")));
        engine.appendEvents(event(a, 2, new Greeted("2")));

        assertThat(engine.lastSequenceNumberFor(a)).contains(2L);
    }

    @Test
    void eventsOfSeveralAggregatesInOneAppendKeepTheOrderTheyWereOfferedIn() {
        String a = newAggregate();
        String b = newAggregate();
        TrackingToken before = engine.createHeadToken();
        List<DomainEventMessage<?>> unitOfWork = List.of(event(a, 0, new Greeted("a0")), event(a, 1, new Greeted("a1")),
                event(b, 0, new Greeted("b0")), event(a, 2, new Greeted("a2")), event(b, 1, new Greeted("b1")));

        engine.appendEvents(unitOfWork);

        assertThat(aggregate(a, 0)).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L, 2L);
        assertThat(aggregate(b, 0)).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L);
        assertThat(trackedAfter(before)).extracting(EventMessage::getIdentifier)
                .containsExactlyElementsOf(unitOfWork.stream().map(EventMessage::getIdentifier).toList());
    }

    @Test
    void anAppendWithARepeatedOrSkippedSequenceIsRefusedAndStoresNothing() {
        String a = newAggregate();
        String b = newAggregate();
        assertThatThrownBy(() -> engine.appendEvents(event(b, 0, new Greeted("b0")), event(a, 0, new Greeted("0")),
                event(a, 2, new Greeted("2")))).isInstanceOf(InvalidAppendException.class)
                .hasMessageContaining(a).hasMessageContaining("sequence 2");
        assertThatThrownBy(() -> engine.appendEvents(event(a, 0, new Greeted("0")), event(a, 0, new Greeted("0 again"))))
                .isInstanceOf(InvalidAppendException.class);
        assertThat(engine.lastSequenceNumberFor(a)).isEmpty();
        assertThat(engine.lastSequenceNumberFor(b)).isEmpty();

        engine.appendEvents(event(a, 0, new Greeted("0")), event(a, 1, new Greeted("1")));
        assertThat(aggregate(a, 0)).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L);
    }

    @Test
    void aTokenAtATimeStartsBeforeTheFirstEventAtOrAfterItWhateverTheLogOrderOfTimestamps() {
        // In the future, so events of other tests on a shared store are all earlier.
        Instant t = Instant.now().plus(100, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String a = newAggregate();
        String b = newAggregate();
        String c = newAggregate();
        engine.appendEvents(event(a, 0, new Greeted("a"), t.plusSeconds(10)));
        engine.appendEvents(event(b, 0, new Greeted("b"), t));
        engine.appendEvents(event(c, 0, new Greeted("c"), t.plusSeconds(20)));

        assertThat(trackedAfter(engine.createTokenAt(t.plusSeconds(5)))).extracting(EventStorageEngineContract::payload)
                .containsExactly(new Greeted("a"), new Greeted("b"), new Greeted("c"));
        assertThat(trackedAfter(engine.createTokenAt(t.plusSeconds(15)))).extracting(EventStorageEngineContract::payload)
                .containsExactly(new Greeted("c"));
        assertThat(trackedAfter(engine.createTokenAt(t.plusSeconds(30)))).isEmpty();
    }

    @Test
    void anEventOfNoAggregateReadsBackAsAPlainEvent() {
        TrackingToken before = engine.createHeadToken();
        EventMessage<?> plain = GenericEventMessage.asEventMessage(new Greeted("plain"));
        engine.appendEvents(List.of(plain));

        try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(before, false)) {
            assertThat(events.filter(e -> e.getIdentifier().equals(plain.getIdentifier())).toList())
                    .singleElement().satisfies(read -> {
                        assertThat(read).isNotInstanceOf(DomainEventMessage.class);
                        assertThat(read.getPayload()).isEqualTo(new Greeted("plain"));
                    });
        }
    }

    @Test
    void anEventIdThatIsNotAUuidIsKept() {
        String a = newAggregate();
        engine.appendEvents(new GenericDomainEventMessage<>(TYPE, a, 0, new Greeted("0"), MetaData.emptyInstance(),
                "legacy-event-42", Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        assertThat(aggregate(a, 0)).extracting(EventMessage::getIdentifier).containsExactly("legacy-event-42");
    }

    @Test
    void theSnapshotOfTheHighestSequenceIsKeptWhicheverIsWrittenLast() {
        String a = newAggregate();
        engine.appendEvents(event(a, 0, new Greeted("0")), event(a, 1, new Greeted("1")), event(a, 2, new Greeted("2")));
        engine.storeSnapshot(event(a, 2, new Greeted("snapshot at 2")));
        engine.storeSnapshot(event(a, 1, new Greeted("snapshot at 1, finished late")));

        assertThat(engine.readSnapshot(a)).hasValueSatisfying(snapshot ->
                assertThat(snapshot.getSequenceNumber()).isEqualTo(2L));
    }

    @Test
    void aSecondEventAtTheSameSequenceIsAConcurrencyErrorAndChangesNothing() {
        String a = newAggregate();
        DomainEventMessage<?> first = event(a, 0, new Greeted("start"));
        DomainEventMessage<?> winner = event(a, 1, new Greeted("winner"));
        engine.appendEvents(first);
        engine.appendEvents(winner);

        assertThatThrownBy(() -> engine.appendEvents(event(a, 1, new Greeted("loser")), event(a, 2, new Greeted("x"))))
                .isInstanceOf(ConcurrencyException.class);
        assertThatThrownBy(() -> engine.appendEvents(event(a, 0, new Greeted("again"))))
                .isInstanceOf(AggregateStreamCreationException.class);

        assertThat(ids(aggregate(a, 0))).containsExactly(first.getIdentifier(), winner.getIdentifier());
    }

    @Test
    void ofTwoRacingAppendsAtTheSameSequenceExactlyOneWins() throws Exception {
        String a = newAggregate();
        engine.appendEvents(event(a, 0, new Greeted("start")));
        List<List<DomainEventMessage<?>>> writers = List.of(
                List.of(event(a, 1, new Greeted("left")), event(a, 2, new Greeted("left"))),
                List.of(event(a, 1, new Greeted("right")), event(a, 2, new Greeted("right"))));
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Throwable>> outcomes = writers.stream().map(events -> CompletableFuture.supplyAsync(() -> {
            try {
                go.await();
                engine.appendEvents(events);
                return (Throwable) null;
            } catch (Exception e) {
                return e;
            }
        })).toList();
        go.countDown();

        List<Throwable> failures = new ArrayList<>();
        for (CompletableFuture<Throwable> outcome : outcomes) {
            Throwable failure = outcome.get(30, TimeUnit.SECONDS);
            if (failure != null) {
                failures.add(failure);
            }
        }
        assertThat(failures).hasSize(1).first().isInstanceOf(ConcurrencyException.class);
        List<DomainEventMessage<?>> stored = aggregate(a, 0);
        assertThat(stored).hasSize(3);
        Object winner = stored.get(1).getPayload();
        assertThat(stored.get(2).getPayload()).isEqualTo(winner);
        assertThat(ids(stored.subList(1, 3))).isEqualTo(ids(writers.get(winner.equals(new Greeted("left")) ? 0 : 1)));
    }

    @Test
    void trackingTokensOrderEveryEventExactly() {
        String a = newAggregate();
        String b = newAggregate();
        TrackingToken before = engine.createHeadToken();
        engine.appendEvents(event(a, 0, new Greeted("0")), event(a, 1, new Greeted("1")), event(a, 2, new Greeted("2")));
        engine.appendEvents(event(b, 0, new Greeted("b")));
        engine.appendEvents(event(a, 3, new Greeted("3")));

        List<TrackedEventMessage<?>> tracked = trackedAfter(before);
        assertThat(tracked).hasSize(5);
        for (int i = 0; i + 1 < tracked.size(); i++) {
            TrackingToken earlier = tracked.get(i).trackingToken();
            TrackingToken later = tracked.get(i + 1).trackingToken();
            assertThat(later.covers(earlier)).as("event %d covers %d", i + 1, i).isTrue();
            assertThat(earlier.covers(later)).as("event %d covers %d", i, i + 1).isFalse();
            assertThat(earlier.lowerBound(later).samePositionAs(earlier)).isTrue();
            assertThat(later.lowerBound(earlier).samePositionAs(earlier)).isTrue();
            assertThat(earlier.upperBound(later).samePositionAs(later)).isTrue();
            assertThat(earlier.samePositionAs(later)).isFalse();
            // Resuming from any event's token yields exactly the events after it.
            assertThat(ids(trackedAfter(earlier))).isEqualTo(ids(tracked.subList(i + 1, tracked.size())));
        }
    }

    @Test
    void aReplayTokenMarksExactlyTheEventsUpToTheReset() {
        String a = newAggregate();
        TrackingToken before = engine.createHeadToken();
        engine.appendEvents(event(a, 0, new Greeted("0")), event(a, 1, new Greeted("1")), event(a, 2, new Greeted("2")));
        engine.appendEvents(event(a, 3, new Greeted("3")), event(a, 4, new Greeted("4")));
        List<TrackedEventMessage<?>> tracked = trackedAfter(before);
        TrackingToken atReset = tracked.get(3).trackingToken();

        TrackingToken token = ReplayToken.createReplayToken(atReset, before);
        List<Boolean> replayed = new ArrayList<>();
        for (TrackedEventMessage<?> event : tracked) {
            token = token instanceof ReplayToken replay ? replay.advancedTo(event.trackingToken()) : event.trackingToken();
            replayed.add(ReplayToken.isReplay(token));
        }

        assertThat(replayed).containsExactly(true, true, true, true, false);
    }

    @Test
    void replaysFromTheTailTheHeadAndAPointInTime() {
        String a = newAggregate();
        Instant earlier = Instant.now().minus(2, ChronoUnit.HOURS);
        Instant later = earlier.plus(1, ChronoUnit.HOURS);
        List<DomainEventMessage<?>> old = List.of(event(a, 0, new Greeted("0"), earlier), event(a, 1, new Greeted("1"), earlier));
        List<DomainEventMessage<?>> recent = List.of(event(a, 2, new Greeted("2"), later), event(a, 3, new Greeted("3"), later));
        engine.appendEvents(old);
        engine.appendEvents(recent);

        assertThat(ids(trackedAfter(engine.createTailToken()))).isEqualTo(ids(Stream.concat(old.stream(), recent.stream()).toList()));
        assertThat(ids(trackedAfter(engine.createTokenAt(earlier.plus(30, ChronoUnit.MINUTES))))).isEqualTo(ids(recent));

        TrackingToken head = engine.createHeadToken();
        assertThat(trackedAfter(head)).isEmpty();
        DomainEventMessage<?> next = event(a, 4, new Greeted("4"));
        engine.appendEvents(next);
        assertThat(ids(trackedAfter(head))).containsExactly(next.getIdentifier());
    }

    @Test
    void aTailingReaderReceivesEventsAppendedAfterItStarted() throws Exception {
        String a = newAggregate();
        engine.appendEvents(event(a, 0, new Greeted("before")));
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(engine).build();
        try (TrackingEventStream stream = store.openStream(engine.createHeadToken())) {
            DomainEventMessage<?> appended = event(a, 1, new Greeted("after"));
            // Written past the event store, as another node would: only the storage engine can notice it.
            engine.appendEvents(appended);

            assertThat(stream.hasNextAvailable(30, TimeUnit.SECONDS)).isTrue();
            assertThat(stream.nextAvailable().getIdentifier()).isEqualTo(appended.getIdentifier());
        } finally {
            store.shutDown();
        }
    }

    @Test
    void theNewestSnapshotWinsAndSnapshotsAreNoEvents() {
        String a = newAggregate();
        TrackingToken before = engine.createHeadToken();
        engine.appendEvents(event(a, 0, new Greeted("0")));
        assertThat(engine.readSnapshot(a)).isEmpty();

        engine.storeSnapshot(event(a, 0, new Greeted("snapshot at 0")));
        engine.appendEvents(event(a, 1, new Greeted("1")));
        engine.storeSnapshot(event(a, 1, new Greeted("snapshot at 1")));

        assertThat(engine.readSnapshot(a)).hasValueSatisfying(snapshot -> {
            assertThat(snapshot.getSequenceNumber()).isEqualTo(1L);
            assertThat(snapshot.getPayload()).isEqualTo(new Greeted("snapshot at 1"));
        });
        assertThat(aggregate(a, 0)).extracting(EventStorageEngineContract::payload).containsExactly(new Greeted("0"), new Greeted("1"));
        assertThat(trackedAfter(before)).hasSize(2);
    }

    @Test
    void identityTimestampPayloadAndMetadataRoundTrip() {
        String a = newAggregate();
        TrackingToken before = engine.createHeadToken();
        Map<String, Object> metaData = Map.of("correlationId", UUID.randomUUID().toString(),
                "traceId", UUID.randomUUID().toString(), "actor", "visitor:v1");
        DomainEventMessage<?> written = new GenericDomainEventMessage<>(TYPE, a, 0, new Greeted("hello"), metaData,
                UUID.randomUUID().toString(), Instant.parse("2026-03-01T10:15:30.123Z"));
        engine.appendEvents(written);

        DomainEventMessage<?> read = aggregate(a, 0).get(0);
        TrackedEventMessage<?> tracked = trackedAfter(before).get(0);
        for (EventMessage<?> copy : List.of(read, tracked)) {
            assertThat(copy.getIdentifier()).isEqualTo(written.getIdentifier());
            assertThat(copy.getTimestamp()).isEqualTo(written.getTimestamp());
            assertThat(copy.getPayload()).isEqualTo(written.getPayload());
            assertThat(copy.getMetaData()).isEqualTo(written.getMetaData());
        }
        assertThat(read.getType()).isEqualTo(TYPE);
        assertThat(read.getAggregateIdentifier()).isEqualTo(a);
        assertThat(upcaster.seen()).contains(Greeted.class.getName() + "@1");
    }

    @Test
    void upcastersApplyOnEveryRead() {
        String a = newAggregate();
        TrackingToken before = engine.createHeadToken();
        engine.appendEvents(event(a, 0, new LegacyGreeting("old words")));
        engine.storeSnapshot(event(a, 0, new LegacyGreeting("old snapshot")));

        assertThat(aggregate(a, 0)).extracting(EventStorageEngineContract::payload).containsExactly(new Greeted("old words"));
        assertThat(trackedAfter(before)).extracting(EventStorageEngineContract::payload).containsExactly(new Greeted("old words"));
        assertThat(engine.readSnapshot(a)).map(EventStorageEngineContract::payload).contains(new Greeted("old snapshot"));
        assertThat(upcaster.seen()).contains(LegacyGreeting.class.getName() + "@null");
    }
}
