package livechat.query.audit;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.fasterxml.jackson.databind.ObjectMapper;
import livechat.events.access.AccessEvent;
import livechat.events.access.AccessEvent.ConversationRecordsRead;
import livechat.events.audit.AccessRecord;
import livechat.events.audit.AuditBundle;
import livechat.events.audit.AuditRecord;
import livechat.events.audit.ChainVerification;
import livechat.events.audit.CheckpointSink;
import livechat.events.audit.CheckpointSink.State;
import livechat.events.audit.HashChain;
import livechat.events.audit.MerkleTree;
import livechat.events.audit.StoredEvent;
import livechat.events.audit.StoredEvents;
import livechat.events.privacy.DataKeys;
import livechat.events.serialization.EventSerialization;
import livechat.query.projection.ActorFields;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static livechat.query.audit.AuditCollections.ACCESS;
import static livechat.query.audit.AuditCollections.DISPUTES;
import static livechat.query.audit.AuditCollections.EVENTS;
import static livechat.query.audit.AuditCollections.EVIDENCE;

/**
 * Answers audit queries: the audit view from the read model, without blocking; verification and export from the
 * event store as stored, held against the latest signed checkpoint (the read model is never trusted for either).
 */
public final class AuditQueries {

    private static final ObjectMapper JSON = EventSerialization.objectMapper();
    private final AuditCollections collections;
    private final StoredEvents store;
    private final Supplier<State> checkpoints;
    private final CheckpointSink sink;
    private final Clock clock;
    private final DataKeys keys;

    /**
     * {@code checkpoints}: the sink as of its latest checkpoint, which {@code sink} holds; {@code keys} open the
     * disputes' sealed texts.
     */
    public AuditQueries(AuditCollections collections, StoredEvents store, Supplier<State> checkpoints,
                        CheckpointSink sink, Clock clock, DataKeys keys) {
        this.collections = collections;
        this.store = store;
        this.checkpoints = checkpoints;
        this.sink = sink;
        this.clock = clock;
        this.keys = keys;
    }

    /** The conversation's audit, or empty if no event of it has been recorded. */
    public Mono<ConversationAudit> handle(FindConversationAudit query) {
        return records(query.conversationId()).filter(records -> !records.isEmpty()).flatMap(records ->
                disputes(Filters.eq("conversationId", query.conversationId())).collectList()
                        .map(disputes -> new ConversationAudit(query.conversationId(), records,
                                records.get(records.size() - 1).chainHash(), disputes)));
    }

    public Flux<Dispute> handle(FindDisputes query) {
        return disputes(query.status() == null ? new Document() : Filters.eq("status", query.status()));
    }

    /** Empty if neither the store nor a checkpoint knows the conversation. */
    public Mono<ChainVerification> handle(VerifyConversationAudit query) {
        return Mono.fromCallable(() -> verify(query.conversationId())).subscribeOn(Schedulers.boundedElastic())
                .flatMap(Mono::justOrEmpty);
    }

    /**
     * The bundle built from the event store, with the access log as stored, or empty if the store holds no event of
     * the conversation.
     */
    public Mono<byte[]> handle(ExportAuditBundle query) {
        return Mono.fromCallable(() -> store.read(query.conversationId())).subscribeOn(Schedulers.boundedElastic())
                .filter(stored -> !stored.isEmpty())
                .map(stored -> bundle(query.conversationId(), stored,
                        store.read(AccessEvent.logId(query.conversationId())).stream().map(AuditQueries::access)
                                .toList()));
    }

    /** Who read the conversation's records, matching {@code query}, oldest first. */
    public Flux<AccessRecord> handle(FindAccess query) {
        List<Bson> filters = new ArrayList<>();
        if (query.conversationId() != null) {
            filters.add(Filters.eq("conversationId", query.conversationId()));
        }
        if (query.actor() != null) {
            // Access projected before actors were stored as {role, id} holds them as role:id.
            filters.add(Filters.or(Filters.eq("actor", query.actor().toString()),
                    Filters.eq("actor", ActorFields.of(query.actor()))));
        }
        if (query.from() != null) {
            filters.add(Filters.gte("at", Date.from(query.from())));
        }
        if (query.to() != null) {
            filters.add(Filters.lt("at", Date.from(query.to())));
        }
        return Flux.from(collections.reader(ACCESS).find(filters.isEmpty() ? new Document() : Filters.and(filters))
                        .sort(Sorts.ascending("at", "_id")).limit(query.limit()))
                .map(entry -> new AccessRecord(entry.getString("conversationId"), ActorFields.read(entry, "actor"),
                        entry.getString("resource"), entry.getString("purpose"),
                        entry.getDate("at").toInstant().toString()));
    }

    private static AccessRecord access(StoredEvent event) {
        try {
            ConversationRecordsRead read = JSON.readValue(event.payload(), ConversationRecordsRead.class);
            return new AccessRecord(read.conversationId(), read.reader().toString(), read.resource(), read.purpose(),
                    Instant.parse(event.timestamp()).toString());
        } catch (IOException e) {
            throw new UncheckedIOException("an access-log event of " + event.aggregateId() + " is not readable", e);
        }
    }

    private byte[] bundle(String conversationId, List<StoredEvent> stored, List<AccessRecord> access) {
        List<AuditRecord> records = new ArrayList<>(stored.size());
        String previous = HashChain.GENESIS;
        for (StoredEvent event : stored) {
            AuditRecord record = AuditRecord.of(event, previous);
            records.add(record);
            previous = record.chainHash();
        }
        State anchors = checkpoints.get();
        MerkleTree.InclusionProof proof = anchors.latest() == null ? null
                : anchors.proof(anchors.tree(), conversationId).orElse(null);
        return AuditBundle.toBytes(AuditBundle.manifest(conversationId, records, clock.instant().toString(),
                proof == null ? null : anchors.latest().checkpoint(), proof), records, access);
    }

    private Optional<ChainVerification> verify(String conversationId) throws IOException {
        List<StoredEvent> stored = store.read(conversationId);
        State anchors = checkpoints.get();
        if (stored.isEmpty() && !anchors.anchors().containsKey(conversationId)) {
            return Optional.empty();
        }
        return Optional.of(ChainVerification.of(conversationId, stored, anchors, sink));
    }

    private Mono<List<AuditRecord>> records(String conversationId) {
        return Flux.from(collections.reader(EVENTS).find(Filters.eq("conversationId", conversationId))
                        .sort(Sorts.ascending("sequence")))
                .map(AuditQueries::record).collectList();
    }

    private Flux<Dispute> disputes(Bson filter) {
        return Flux.from(collections.reader(DISPUTES).find(filter).sort(Sorts.ascending("openedAt", "_id")))
                .collectList()
                .flatMapMany(disputes -> {
                    List<String> ids = disputes.stream().map(d -> d.getString("_id")).toList();
                    return Flux.from(collections.reader(EVIDENCE).find(Filters.in("disputeId", ids))
                                    .sort(Sorts.ascending("sequence")))
                            .collect(Collectors.groupingBy(e -> e.getString("disputeId")))
                            .flatMapIterable(evidence -> disputes.stream().map(d -> dispute(d, evidence)).toList());
                });
    }

    private Dispute dispute(Document dispute, Map<String, List<Document>> evidence) {
        return new Dispute(dispute.getString("_id"), dispute.getString("conversationId"), dispute.getString("status"),
                keys.open(dispute.getString("reason"), DisputeAuditProjection.DISPUTE_REASON), ActorFields.read(dispute, "openedBy"), instant(dispute, "openedAt"),
                evidence.getOrDefault(dispute.getString("_id"), List.of()).stream()
                        .map(e -> new Dispute.Evidence(e.get("sequence", Number.class).longValue(),
                                keys.open(e.getString("note"), DisputeAuditProjection.EVIDENCE_NOTE),
                                ActorFields.read(e, "addedBy"), instant(e, "at"))).toList(),
                dispute.getString("outcome"),
                keys.open(dispute.getString("resolutionNote"), DisputeAuditProjection.RESOLUTION_NOTE),
                ActorFields.read(dispute, "resolvedBy"),
                instant(dispute, "resolvedAt"));
    }

    private static AuditRecord record(Document entry) {
        return new AuditRecord(entry.get("position", Number.class).longValue(),
                entry.get("sequence", Number.class).longValue(), entry.getString("eventId"), entry.getString("type"),
                entry.getString("payloadType"), ActorFields.read(entry, "actor"), timestamp(entry),
                entry.getString("payload"), entry.getString("digest"), entry.getString("previousLink"),
                entry.getString("chainHash"));
    }

    /** A BSON date; text in documents projected before dates were dates, until the read model is rebuilt. */
    private static String timestamp(Document entry) {
        Object timestamp = entry.get("timestamp");
        return timestamp instanceof Date date ? date.toInstant().toString() : (String) timestamp;
    }

    private static Instant instant(Document document, String field) {
        return Optional.ofNullable(document.getDate(field)).map(Date::toInstant).orElse(null);
    }
}
