package livechat.query.audit;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import livechat.events.audit.AuditBundle;
import livechat.events.audit.AuditRecord;
import livechat.events.audit.HashChain;
import livechat.events.audit.StoredEvent;
import livechat.events.audit.StoredEvents;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static livechat.query.audit.AuditCollections.DISPUTES;
import static livechat.query.audit.AuditCollections.EVENTS;
import static livechat.query.audit.AuditCollections.EVIDENCE;

/** Answers audit queries: reads from the read model without blocking, verification against the event store. */
public final class AuditQueries {

    private final AuditCollections collections;
    private final StoredEvents store;
    private final Clock clock;

    public AuditQueries(AuditCollections collections, StoredEvents store, Clock clock) {
        this.collections = collections;
        this.store = store;
        this.clock = clock;
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

    /** The bundle, or empty if no event of the conversation has been recorded. */
    public Mono<byte[]> handle(ExportAuditBundle query) {
        return records(query.conversationId()).filter(records -> !records.isEmpty())
                .map(records -> AuditBundle.toBytes(query.conversationId(), records, clock.instant().toString()));
    }

    /** Empty if neither the store nor the audit knows the conversation. */
    public Mono<ChainVerification> handle(VerifyConversationAudit query) {
        Mono<List<StoredEvent>> stored = Mono.fromCallable(() -> store.read(query.conversationId()))
                .subscribeOn(Schedulers.boundedElastic());
        return Mono.zip(stored, records(query.conversationId()))
                .filter(both -> !both.getT1().isEmpty() || !both.getT2().isEmpty())
                .map(both -> verify(query.conversationId(), both.getT1(), both.getT2()));
    }

    private static ChainVerification verify(String conversationId, List<StoredEvent> stored,
                                            List<AuditRecord> recorded) {
        String chain = HashChain.GENESIS;
        for (int i = 0; i < recorded.size(); i++) {
            AuditRecord expected = recorded.get(i);
            if (i >= stored.size()) {
                return mismatch(conversationId, i, expected.position(), expected.sequence(),
                        "the event is missing from the event store");
            }
            StoredEvent actual = stored.get(i);
            if (actual.sequence() != expected.sequence() || !actual.eventId().equals(expected.eventId())) {
                return mismatch(conversationId, i, actual.position(), actual.sequence(),
                        "another event stands where " + expected.eventId() + " was recorded");
            }
            String digest = HashChain.digest(actual.payload());
            chain = HashChain.link(chain, digest);
            if (!digest.equals(expected.digest()) || !chain.equals(expected.chainHash())) {
                return mismatch(conversationId, i, actual.position(), actual.sequence(),
                        "the stored payload differs from the one recorded");
            }
        }
        return new ChainVerification(conversationId, true, recorded.size(), chain, null, null, null,
                Math.max(0, stored.size() - recorded.size()));
    }

    private static ChainVerification mismatch(String conversationId, int checked, long position, long sequence,
                                              String reason) {
        return new ChainVerification(conversationId, false, checked, null, position, sequence, reason, 0);
    }

    private Mono<List<AuditRecord>> records(String conversationId) {
        return Flux.from(collections.reader(EVENTS).find(Filters.eq("conversationId", conversationId))
                        .sort(Sorts.ascending("sequence")))
                .map(AuditQueries::record).collectList();
    }

    private Flux<Dispute> disputes(org.bson.conversions.Bson filter) {
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

    private static Dispute dispute(Document dispute, Map<String, List<Document>> evidence) {
        return new Dispute(dispute.getString("_id"), dispute.getString("conversationId"), dispute.getString("status"),
                dispute.getString("reason"), dispute.getString("openedBy"), instant(dispute, "openedAt"),
                evidence.getOrDefault(dispute.getString("_id"), List.of()).stream()
                        .map(e -> new Dispute.Evidence(e.get("sequence", Number.class).longValue(),
                                e.getString("note"), e.getString("addedBy"), instant(e, "at"))).toList(),
                dispute.getString("outcome"), dispute.getString("resolutionNote"), dispute.getString("resolvedBy"),
                instant(dispute, "resolvedAt"));
    }

    private static AuditRecord record(Document entry) {
        return new AuditRecord(entry.get("position", Number.class).longValue(),
                entry.get("sequence", Number.class).longValue(), entry.getString("eventId"), entry.getString("type"),
                entry.getString("actor"), entry.getString("timestamp"), entry.getString("payload"),
                entry.getString("digest"), entry.getString("chainHash"));
    }

    private static Instant instant(Document document, String field) {
        return Optional.ofNullable(document.getDate(field)).map(Date::toInstant).orElse(null);
    }
}
