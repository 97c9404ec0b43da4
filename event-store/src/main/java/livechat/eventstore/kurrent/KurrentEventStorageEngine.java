package livechat.eventstore.kurrent;

import livechat.events.audit.StoredEvent;
import livechat.eventstore.AppendedSequences;
import livechat.events.audit.StoredEvents;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kurrent.dbclient.AppendToStreamOptions;
import io.kurrent.dbclient.EventData;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.ReadAllOptions;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.StreamMetadata;
import io.kurrent.dbclient.StreamNotFoundException;
import io.kurrent.dbclient.StreamState;
import io.kurrent.dbclient.WriteResult;
import io.kurrent.dbclient.WrongExpectedVersionException;
import livechat.events.serialization.EventSerialization;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.AbstractEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;

import javax.annotation.Nonnull;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Axon's event storage on KurrentDB / EventStoreDB. Each aggregate is one stream, {@code livechat-<aggregateId>}
 * (Axon looks aggregates up by id alone), its snapshots another, {@code livechat_snapshot-<aggregateId>}, capped at
 * one event. Tracking tokens are {@code $all} positions; streams outside {@code livechat-} (system streams, metadata
 * streams, snapshots, other applications) are invisible to event processors.
 */
public class KurrentEventStorageEngine extends AbstractEventStorageEngine implements StoredEvents {

    public static final String STREAM_PREFIX = "livechat-";
    public static final String SNAPSHOT_STREAM_PREFIX = "livechat_snapshot-";

    private final KurrentConnection connection;
    private final int pageSize;
    private final Duration resubscribeDelay;
    private final Duration subscriptionCheckInterval;
    private final ObjectMapper json = EventSerialization.objectMapper();

    protected KurrentEventStorageEngine(Builder builder) {
        super(builder);
        this.connection = builder.connection;
        this.pageSize = builder.pageSize;
        this.resubscribeDelay = builder.resubscribeDelay;
        this.subscriptionCheckInterval = builder.subscriptionCheckInterval;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static String streamOf(String aggregateIdentifier) {
        return STREAM_PREFIX + aggregateIdentifier;
    }

    static String snapshotStreamOf(String aggregateIdentifier) {
        return SNAPSHOT_STREAM_PREFIX + aggregateIdentifier;
    }

    public KurrentConnection connection() {
        return connection;
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        AppendedSequences.check(events);
        // Axon hands over a unit of work's events in one list. Each run of one aggregate's events becomes one atomic
        // append, in the list's order, so the log keeps the order they were offered in (a stream of its own for an
        // event of no aggregate, under its id).
        List<DomainEventMessage<?>> run = new ArrayList<>();
        for (EventMessage<?> event : events) {
            DomainEventMessage<?> domainEvent = EventUtils.asDomainEventMessage(event);
            if (!run.isEmpty() && !run.get(0).getAggregateIdentifier().equals(domainEvent.getAggregateIdentifier())) {
                append(run, serializer);
                run = new ArrayList<>();
            }
            run.add(domainEvent);
        }
        if (!run.isEmpty()) {
            append(run, serializer);
        }
    }

    private void append(List<DomainEventMessage<?>> events, Serializer serializer) {
        DomainEventMessage<?> first = events.get(0);
        long firstSequence = first.getSequenceNumber();
        StreamState expected = firstSequence == 0 ? StreamState.noStream() : StreamState.streamRevision(firstSequence - 1);
        List<EventData> data = events.stream().map(e -> toEventData(e, serializer)).toList();
        try {
            connection.call("append to " + streamOf(first.getAggregateIdentifier()), client -> client.appendToStream(
                    streamOf(first.getAggregateIdentifier()), AppendToStreamOptions.get().streamState(expected),
                    data.iterator()));
        } catch (WrongExpectedVersionException e) {
            if (firstSequence == 0) {
                throw new AggregateStreamCreationException(
                        "Aggregate [" + first.getAggregateIdentifier() + "] already exists", e);
            }
            throw new ConcurrencyException("An event for aggregate [" + first.getAggregateIdentifier()
                    + "] at sequence [" + firstSequence + "] was already inserted", e);
        }
    }

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        String stream = snapshotStreamOf(snapshot.getAggregateIdentifier());
        WriteResult written;
        while (true) {
            // Only a snapshot of a later sequence than the newest kept replaces it: the background snapshotter may
            // finish an older one last. The expected revision makes the check and the write one step.
            Optional<RecordedEvent> newest = readLast(stream);
            if (newest.isPresent() && envelopeOf(newest.get()).sequenceNumber() >= snapshot.getSequenceNumber()) {
                return;
            }
            StreamState expected = newest.map(event -> StreamState.streamRevision(event.getRevision()))
                    .orElse(StreamState.noStream());
            try {
                written = connection.call("store snapshot in " + stream, client -> client.appendToStream(stream,
                        AppendToStreamOptions.get().streamState(expected), toEventData(snapshot, serializer)));
                break;
            } catch (WrongExpectedVersionException anotherSnapshotCameFirst) {
                // Read the newer one and judge again.
            }
        }
        if (written.getNextExpectedRevision().toRawLong() == 0) {
            // Only the newest snapshot is ever read; the cap lets the server scavenge the others.
            StreamMetadata onlyTheNewest = new StreamMetadata();
            onlyTheNewest.setMaxCount(1L);
            connection.call("cap " + stream, client -> client.setStreamMetadata(stream, onlyTheNewest));
        }
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readEventData(String identifier, long firstSequenceNumber) {
        String stream = streamOf(identifier);
        long[] next = {firstSequenceNumber};
        return Pages.stream(() -> {
            List<RecordedEvent> page = readStream(stream, ReadStreamOptions.get().forwards().fromRevision(next[0])
                    .maxCount(pageSize));
            next[0] += page.size();
            return new Pages.Page<>(page.stream().map(this::toDomainEventData).toList(), page.size() < pageSize);
        });
    }

    /** The aggregate's events as stored, payload bytes untouched, for checking them against the audit chain. */
    @Override
    public List<StoredEvent> read(String aggregateId) {
        String stream = streamOf(aggregateId);
        List<StoredEvent> events = new ArrayList<>();
        long next = 0;
        List<RecordedEvent> page;
        do {
            page = readStream(stream, ReadStreamOptions.get().forwards().fromRevision(next).maxCount(pageSize));
            for (RecordedEvent event : page) {
                EventEnvelope envelope = envelopeOf(event);
                events.add(StoredEvent.of(event.getPosition().getCommitUnsigned(), aggregateId,
                        envelope.sequenceNumber(), envelope.eventIdOr(event.getEventId().toString()),
                        event.getEventType(), event.getEventData(), envelope.timestamp(), envelope.metaData()));
            }
            next += page.size();
        } while (page.size() == pageSize);
        return events;
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        return readLast(snapshotStreamOf(aggregateIdentifier)).map(this::toDomainEventData).stream();
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(@Nonnull String aggregateIdentifier) {
        return readLast(streamOf(aggregateIdentifier)).map(event -> envelopeOf(event).sequenceNumber());
    }

    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        KurrentTrackingToken after = (KurrentTrackingToken) trackingToken;
        if (mayBlock) {
            AllStreamFollower follower = new AllStreamFollower(connection, after, resubscribeDelay,
                    subscriptionCheckInterval, () -> (KurrentTrackingToken) createHeadToken());
            return follower.stream().filter(KurrentEventStorageEngine::isOurs).map(this::toTrackedEventData)
                    .onClose(follower::close);
        }
        KurrentTrackingToken[] cursor = {after};
        return Pages.stream(() -> {
            // Reading $all from a position includes the event at it, hence one more than a page and the filter.
            List<RecordedEvent> page = readAll(cursor[0] == null ? ReadAllOptions.get().forwards().fromStart()
                    : ReadAllOptions.get().forwards().fromPosition(cursor[0].toPosition()), pageSize + 1L);
            List<RecordedEvent> fresh = page.stream().filter(e -> isAfter(e, cursor[0])).toList();
            if (!fresh.isEmpty()) {
                cursor[0] = KurrentTrackingToken.of(fresh.get(fresh.size() - 1).getPosition());
            }
            return new Pages.Page<>(fresh.stream().filter(KurrentEventStorageEngine::isOurs)
                    .map(this::toTrackedEventData).toList(), page.size() <= pageSize);
        });
    }

    @Override
    public TrackingToken createTailToken() {
        return null;
    }

    @Override
    public TrackingToken createHeadToken() {
        return readAll(ReadAllOptions.get().backwards().fromEnd(), 1).stream()
                .map(e -> KurrentTrackingToken.of(e.getPosition())).findFirst().orElse(null);
    }

    /**
     * The position just before the first event, in log order, whose timestamp is at or after {@code dateTime}, so no
     * such event is skipped even when timestamps are not in log order (clocks of several nodes, migrated events);
     * the head if there is none. KurrentDB has no time index, so this walks {@code $all} forwards from the start:
     * the cost grows with the number of events before that one.
     */
    @Override
    public TrackingToken createTokenAt(@Nonnull Instant dateTime) {
        KurrentTrackingToken before = null;
        while (true) {
            ReadAllOptions options = before == null ? ReadAllOptions.get().forwards().fromStart()
                    : ReadAllOptions.get().forwards().fromPosition(before.toPosition());
            List<RecordedEvent> page = readAll(options, pageSize + 1L);
            boolean last = page.size() <= pageSize;
            for (RecordedEvent event : page) {
                if (!isAfter(event, before)) {
                    continue;
                }
                if (isOurs(event) && !timestampOf(event).isBefore(dateTime)) {
                    return before;
                }
                before = KurrentTrackingToken.of(event.getPosition());
            }
            if (last) {
                return before;
            }
        }
    }

    private List<RecordedEvent> readStream(String stream, ReadStreamOptions options) {
        try {
            return connection.call("read " + stream, client -> client.readStream(stream, options)).getEvents()
                    .stream().map(ResolvedEvent::getOriginalEvent).toList();
        } catch (StreamNotFoundException e) {
            return List.of();
        }
    }

    private Optional<RecordedEvent> readLast(String stream) {
        return readStream(stream, ReadStreamOptions.get().backwards().fromEnd().maxCount(1)).stream().findFirst();
    }

    private List<RecordedEvent> readAll(ReadAllOptions options, long maxCount) {
        // A ResolvedEvent's own position repeats the commit position (client 1.1.0); the recorded event's is exact.
        return connection.call("read $all", client -> client.readAll(options.maxCount(maxCount))).getEvents()
                .stream().map(ResolvedEvent::getOriginalEvent).toList();
    }

    private static boolean isAfter(RecordedEvent event, KurrentTrackingToken token) {
        return token == null || KurrentTrackingToken.of(event.getPosition()).compareTo(token) > 0;
    }

    static boolean isOurs(RecordedEvent event) {
        return event.getStreamId().startsWith(STREAM_PREFIX);
    }

    private Instant timestampOf(RecordedEvent event) {
        return isOurs(event) ? Instant.parse(envelopeOf(event).timestamp()) : event.getCreated();
    }

    private EventData toEventData(DomainEventMessage<?> event, Serializer serializer) {
        SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
        SerializedObject<byte[]> metaData = event.serializeMetaData(serializer, byte[].class);
        try {
            UUID id = uuidOf(event.getIdentifier());
            EventEnvelope envelope = new EventEnvelope(event.getType(), event.getAggregateIdentifier(),
                    event.getSequenceNumber(), event.getTimestamp().toString(), payload.getType().getRevision(),
                    json.readTree(metaData.getData()),
                    id.toString().equals(event.getIdentifier()) ? null : event.getIdentifier());
            return EventDataBuilder.json(id, payload.getType().getName(), payload.getData())
                    .metadataAsBytes(json.writeValueAsBytes(envelope)).build();
        } catch (IOException e) {
            throw new EventStoreException("Event [" + event.getIdentifier() + "] metadata is not JSON", e);
        }
    }

    /**
     * KurrentDB's id of an event: Axon's id when it is a UUID, otherwise a name-based UUID of it (the same on every
     * retry, so an append whose answer was lost is still recognised). KurrentDB itself does not keep ids unique
     * across streams (docs/operations.md).
     */
    private static UUID uuidOf(String eventIdentifier) {
        try {
            UUID id = UUID.fromString(eventIdentifier);
            if (id.toString().equals(eventIdentifier)) {
                return id;
            }
        } catch (IllegalArgumentException notAUuid) {
            // Derived below.
        }
        return UUID.nameUUIDFromBytes(("livechat-event:" + eventIdentifier).getBytes(StandardCharsets.UTF_8));
    }

    private DomainEventData<byte[]> toDomainEventData(RecordedEvent event) {
        EventEnvelope envelope = envelopeOf(event);
        String eventId = envelope.eventIdOr(event.getEventId().toString());
        try {
            // An event of no aggregate was stored under its own id as its aggregate's, as Axon's JDBC engine does,
            // and reads back, as there, without an aggregate.
            return new GenericDomainEventEntry<>(envelope.aggregateType(),
                    eventId.equals(envelope.aggregateIdentifier()) ? null : envelope.aggregateIdentifier(),
                    envelope.sequenceNumber(), eventId, envelope.timestamp(),
                    event.getEventType(), envelope.payloadRevision(), event.getEventData(),
                    json.writeValueAsBytes(envelope.metaData()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TrackedEventData<byte[]> toTrackedEventData(RecordedEvent event) {
        return new TrackedDomainEventData<>(KurrentTrackingToken.of(event.getPosition()), toDomainEventData(event));
    }

    private EventEnvelope envelopeOf(RecordedEvent event) {
        try {
            return json.readValue(event.getUserMetadata(), EventEnvelope.class);
        } catch (IOException e) {
            throw new EventStoreException("Event [" + event.getEventId() + "] in [" + event.getStreamId()
                    + "] has no livechat envelope", e);
        }
    }


    public static class Builder extends AbstractEventStorageEngine.Builder {

        private KurrentConnection connection;
        private int pageSize = 512;
        private Duration resubscribeDelay = Duration.ofSeconds(1);
        private Duration subscriptionCheckInterval = Duration.ofSeconds(5);

        public Builder connection(KurrentConnection connection) {
            this.connection = connection;
            return this;
        }

        public Builder pageSize(int pageSize) {
            this.pageSize = pageSize;
            return this;
        }

        public Builder resubscribeDelay(Duration resubscribeDelay) {
            this.resubscribeDelay = resubscribeDelay;
            return this;
        }

        /** How long a blocking read may see nothing before it checks that its subscription is still alive. */
        public Builder subscriptionCheckInterval(Duration subscriptionCheckInterval) {
            this.subscriptionCheckInterval = subscriptionCheckInterval;
            return this;
        }

        @Override
        public Builder eventSerializer(Serializer eventSerializer) {
            super.eventSerializer(eventSerializer);
            return this;
        }

        @Override
        public Builder snapshotSerializer(Serializer snapshotSerializer) {
            super.snapshotSerializer(snapshotSerializer);
            return this;
        }

        @Override
        public Builder upcasterChain(EventUpcaster upcasterChain) {
            super.upcasterChain(upcasterChain);
            return this;
        }

        public KurrentEventStorageEngine build() {
            return new KurrentEventStorageEngine(this);
        }

        @Override
        protected void validate() {
            super.validate();
            if (connection == null) {
                throw new AxonConfigurationException("A KurrentConnection is required");
            }
        }
    }
}
