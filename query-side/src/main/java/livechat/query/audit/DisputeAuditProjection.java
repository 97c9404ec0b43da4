package livechat.query.audit;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import livechat.events.access.AccessEvent.ConversationRecordsRead;
import livechat.events.audit.AuditLink;
import livechat.events.audit.HashChain;
import livechat.events.conversation.ConversationEvent;
import livechat.events.conversation.ConversationEvent.DisputeEvidenceAdded;
import livechat.events.conversation.ConversationEvent.DisputeOpened;
import livechat.events.conversation.ConversationEvent.DisputeResolved;
import livechat.events.privacy.DataKeys;
import livechat.query.projection.ActorFields;
import livechat.query.projection.MongoProjection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.bson.Document;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import static livechat.query.audit.AuditCollections.ACCESS;
import static livechat.query.audit.AuditCollections.CHAINS;
import static livechat.query.audit.AuditCollections.DISPUTES;
import static livechat.query.audit.AuditCollections.EVENTS;
import static livechat.query.audit.AuditCollections.EVIDENCE;

/**
 * Records every conversation event with its place in the write-time chain, the disputes, and the reads of each
 * conversation's records by staff (its access log): the audit view, a cache that verification never trusts. An
 * event's link is the one written in its metadata; an event written before chaining gets it computed here, over its
 * payload serialized with the event store's own (deterministic) serializer; the payload recorded is the stored one,
 * with its personal content sealed. Dispute texts are stored sealed too. Each conversation's chain head is read once per batch, extended in memory and written back after
 * the batch's records; an event at or below the head's sequence was recorded before and is skipped, so replays and
 * redeliveries change nothing.
 */
@ProcessingGroup(DisputeAuditProjection.PROCESSING_GROUP)
public class DisputeAuditProjection extends MongoProjection {

    public static final String PROCESSING_GROUP = "dispute-audit";
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    /** Where the dispute texts stand in the log; they are stored sealed as there, and opened by {@link AuditQueries}. */
    static final String DISPUTE_REASON = DataKeys.purpose(DisputeOpened.class, "reason");
    static final String EVIDENCE_NOTE = DataKeys.purpose(DisputeEvidenceAdded.class, "note");
    static final String RESOLUTION_NOTE = DataKeys.purpose(DisputeResolved.class, "note");

    private final AuditCollections collections;
    private final Serializer serializer;
    private final DataKeys keys;

    public DisputeAuditProjection(AuditCollections collections, Serializer serializer, DataKeys keys) {
        super(collections.database());
        this.collections = collections;
        this.serializer = serializer;
        this.keys = keys;
    }

    /** What the next link of a conversation's chain needs. */
    private static final class Head {
        long sequence = -1;
        String chainHash = HashChain.GENESIS;
        boolean changed;
    }

    @EventHandler
    void on(ConversationEvent event, DomainEventMessage<?> message, TrackingToken token) {
        Head head = heads().computeIfAbsent(event.conversationId(), id -> new Head());
        if (message.getSequenceNumber() <= head.sequence) {
            return;
        }
        // The bytes as the store holds them when the event was read with this serializer: sealed content stays
        // sealed, and stays the stored bytes after its key is destroyed.
        SerializedObject<byte[]> payload = message.serializePayload(serializer, byte[].class);
        Object actor = message.getMetaData().get("actor");
        Object stored = message.getMetaData().get(AuditLink.LINK);
        Object previous = message.getMetaData().get(AuditLink.PREVIOUS);
        String link = stored != null ? stored.toString() : new AuditLink(message.getIdentifier(),
                event.conversationId(), message.getSequenceNumber(), payload.getType().getName(),
                message.getTimestamp(), actor == null ? null : actor.toString(), payload.getData())
                .after(head.chainHash);
        String previousLink = previous != null ? previous.toString() : head.chainHash;
        head.chainHash = link;
        head.sequence = message.getSequenceNumber();
        head.changed = true;
        insertOnce(collections.writer(EVENTS), event.conversationId() + ":" + message.getSequenceNumber(),
                ActorFields.with(new Document("conversationId", event.conversationId())
                        .append("position", token.position().orElseThrow())
                        .append("sequence", message.getSequenceNumber())
                        .append("eventId", message.getIdentifier())
                        .append("type", event.getClass().getSimpleName())
                        .append("payloadType", payload.getType().getName()), "actor", actor)
                        .append("timestamp", Date.from(message.getTimestamp()))
                        .append("payload", new String(payload.getData(), StandardCharsets.UTF_8))
                        .append("event", Document.parse(new String(payload.getData(), StandardCharsets.UTF_8)))
                        .append("digest", HashChain.digest(payload.getData()))
                        .append("previousLink", previousLink)
                        .append("chainHash", link));
        dispute(event, message);
    }

    /** A read of a conversation's records by staff, once per event. */
    @EventHandler
    void on(ConversationRecordsRead read, DomainEventMessage<?> message) {
        insertOnce(collections.writer(ACCESS), message.getIdentifier(),
                ActorFields.with(new Document("conversationId", read.conversationId()), "actor", read.reader())
                        .append("resource", read.resource())
                        .append("purpose", read.purpose())
                        .append("at", Date.from(message.getTimestamp())));
    }

    private void dispute(ConversationEvent event, DomainEventMessage<?> message) {
        Date at = Date.from(message.getTimestamp());
        if (event instanceof DisputeOpened opened) {
            insertOnce(collections.writer(DISPUTES), opened.disputeId(),
                    ActorFields.with(new Document("conversationId", opened.conversationId())
                            .append("status", "OPEN")
                            .append("reason", keys.sealForConversation(opened.conversationId(), DISPUTE_REASON,
                                    opened.reason())), "openedBy", opened.openedBy())
                            .append("openedAt", at));
        } else if (event instanceof DisputeEvidenceAdded evidence) {
            insertOnce(collections.writer(EVIDENCE), message.getIdentifier(),
                    ActorFields.with(new Document("disputeId", evidence.disputeId())
                            .append("sequence", message.getSequenceNumber())
                            .append("note", keys.sealForConversation(evidence.conversationId(), EVIDENCE_NOTE,
                                    evidence.note())), "addedBy", evidence.addedBy())
                            .append("at", at));
        } else if (event instanceof DisputeResolved resolved) {
            write(collections.writer(DISPUTES), new UpdateOneModel<>(Filters.eq("_id", resolved.disputeId()),
                    Updates.combine(Updates.set("status", "RESOLVED"), Updates.set("outcome", resolved.outcome()),
                            Updates.set("resolutionNote", keys.sealForConversation(resolved.conversationId(),
                                    RESOLUTION_NOTE, resolved.note())),
                            Updates.set("resolvedBy", ActorFields.of(resolved.resolvedBy())),
                            Updates.set("resolvedById", resolved.resolvedBy().id()),
                            Updates.set("resolvedAt", at))));
        }
    }

    @Override
    protected void beforeFlush() {
        heads().forEach((conversationId, head) -> {
            if (head.changed) {
                // Unguarded: the head was read from this document at the start of the batch and only took newer events.
                write(collections.writer(CHAINS), new UpdateOneModel<>(Filters.eq("_id", conversationId),
                        Updates.combine(Updates.set("sequence", head.sequence), Updates.set("chainHash", head.chainHash)),
                        UPSERT));
            }
        });
    }

    /** The chain heads of every conversation in the batch, read in one query. */
    private Map<String, Head> heads() {
        return batchResource("heads", () -> {
            Map<String, Head> heads = new HashMap<>();
            collections.writer(CHAINS).find(Filters.in("_id", conversationsInBatch())).forEach(document -> {
                Head head = new Head();
                head.sequence = document.get("sequence", Number.class).longValue();
                head.chainHash = document.getString("chainHash");
                heads.put(document.getString("_id"), head);
            });
            return heads;
        });
    }
}
