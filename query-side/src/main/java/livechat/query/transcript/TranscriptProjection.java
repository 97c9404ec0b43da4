package livechat.query.transcript;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateManyModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.events.conversation.ConversationEvent.AgentAssigned;
import livechat.events.conversation.ConversationEvent.AgentUnassigned;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationQueued;
import livechat.events.conversation.ConversationEvent.ConversationReopened;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.ConversationTagged;
import livechat.events.conversation.ConversationEvent.ConversationTransferred;
import livechat.events.conversation.ConversationEvent.ConversationUntagged;
import livechat.events.conversation.ConversationEvent.MessageEdited;
import livechat.events.conversation.ConversationEvent.MessageRedacted;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.events.conversation.ConversationEvent.MessagesSeen;
import livechat.events.privacy.DataKeys;
import livechat.query.projection.ActorFields;
import livechat.query.projection.MongoProjection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static livechat.query.transcript.TranscriptCollections.CONVERSATIONS;
import static livechat.query.transcript.TranscriptCollections.ENTRIES;
import static livechat.query.transcript.TranscriptCollections.SEEN;

/**
 * Projects conversations into their transcripts: one timeline entry per visible event, keyed by (conversation,
 * sequence). Every write is idempotent: entries are inserted only if absent, a message takes an edit only if it is
 * newer than the last one it took, and the conversation document changes only for an event newer than the last one
 * it has seen (or by a maximum or a set addition), so a replay or a redelivered batch changes nothing. Personal
 * content (topic, texts, attachment names) is stored sealed under the keys the log seals it under
 * ({@link TimelineDocuments} opens it), so the read model's files never hold it in plain text, and it reads as erased
 * once its key is destroyed.
 */
@ProcessingGroup(TranscriptProjection.PROCESSING_GROUP)
public class TranscriptProjection extends MongoProjection {

    public static final String PROCESSING_GROUP = "transcript";
    private static final String EDIT_SEQUENCE = "editSequence";
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final TranscriptCollections collections;
    private final DataKeys keys;

    public TranscriptProjection(TranscriptCollections collections, DataKeys keys) {
        super(collections.database());
        this.collections = collections;
        this.keys = keys;
    }

    @EventHandler
    void on(ConversationStarted event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        keys.bind(event.conversationId(), event.visitorId());
        write(collections.writer(CONVERSATIONS), new UpdateOneModel<>(Filters.eq("_id", event.conversationId()),
                Updates.setOnInsert(new Document("visitorId", event.visitorId())
                        .append("topic", keys.sealForConversation(event.conversationId(), TimelineDocuments.TOPIC,
                                event.topic()))
                        .append("requiredSkill", event.requiredSkill())
                        .append("status", "OPEN")
                        .append("startedAt", Date.from(at))
                        .append(LAST_SEQUENCE, sequence)
                        .append("messageCount", 0L)), UPSERT));
        status(event.conversationId(), sequence, "OPEN", new Actor(Role.VISITOR, event.visitorId()), null, at);
    }

    @EventHandler
    void on(ConversationQueued event, @SequenceNumber Long sequence, @Timestamp Instant at,
            @MetaDataValue("actor") String actor) {
        status(event.conversationId(), sequence, "QUEUED", actor, event.reason(), at);
    }

    @EventHandler
    void on(AgentAssigned event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        assigned(event.conversationId(), sequence, event.agentId(), null, null, event.assignedBy(), at);
    }

    @EventHandler
    void on(ConversationTransferred event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        assigned(event.conversationId(), sequence, event.toAgentId(), event.fromAgentId(), event.reason(),
                event.transferredBy(), at);
    }

    @EventHandler
    void on(AgentUnassigned event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        record(ActorFields.with(TimelineDocuments.entry(event.conversationId(), sequence, TimelineDocuments.ASSIGNED,
                        false, at).append("agentId", null).append("fromAgentId", event.agentId())
                .append("reason", event.reason()), "actor", event.unassignedBy()));
        advance(event.conversationId(), sequence, Updates.unset("assignedAgentId"));
    }

    @EventHandler
    void on(MessageSent event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        internalMessages().put(event.messageId(), event.internal());
        record(TimelineDocuments.entry(event.conversationId(), sequence, TimelineDocuments.MESSAGE, event.internal(), at)
                .append("messageId", event.messageId())
                .append("author", ActorFields.of(event.author()))
                .append("authorId", event.author().id())
                .append("role", event.author().role().wireName())
                .append("text", keys.sealForMessage(event.conversationId(), event.messageId(), TimelineDocuments.TEXT,
                        event.text()))
                .append("attachments", event.attachments().stream().map(attachment -> TimelineDocuments.attachment(
                        attachment, keys.sealForMessage(event.conversationId(), event.messageId(),
                                TimelineDocuments.ATTACHMENT_NAME, attachment.name()))).toList())
                .append("cannedResponseKey", event.cannedResponseKey())
                .append(EDIT_SEQUENCE, -1L));
        advance(event.conversationId(), sequence, Updates.combine(
                Updates.set("lastMessageAt", Date.from(at)), Updates.inc("messageCount", 1L)));
    }

    @EventHandler
    void on(MessageEdited event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        String text = keys.sealForMessage(event.conversationId(), event.messageId(), TimelineDocuments.EDIT_TEXT,
                event.text());
        record(ActorFields.with(TimelineDocuments.entry(event.conversationId(), sequence,
                        TimelineDocuments.MESSAGE_EDITED,
                        isInternal(event.conversationId(), event.messageId(), event.messageSequence()), at)
                .append("messageId", event.messageId())
                .append("text", text)
                .append("reason", event.reason()), "editedBy", event.editedBy()));
        Bson change = Updates.combine(Updates.set("currentText", text), Updates.push("edits", sequence));
        if (event.messageSequence() == null) {
            write(collections.writer(ENTRIES), new UpdateOneModel<>(Filters.and(messageEntry(event.conversationId(),
                    event.messageId()), Filters.lt(EDIT_SEQUENCE, sequence)),
                    Updates.combine(change, Updates.set(EDIT_SEQUENCE, sequence))));
        } else {
            writeIfNewer(collections.writer(ENTRIES), TimelineDocuments.entryId(event.conversationId(),
                    event.messageSequence()), EDIT_SEQUENCE, sequence, change);
            editsInBatch().computeIfAbsent(event.messageId(), id -> new ArrayList<>()).add(sequence);
        }
    }

    @EventHandler
    void on(MessageRedacted event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        Document redaction = ActorFields.with(TimelineDocuments.entry(event.conversationId(), sequence,
                        TimelineDocuments.MESSAGE_REDACTED,
                        isInternal(event.conversationId(), event.messageId(), event.messageSequence()), at)
                .append("messageId", event.messageId())
                .append("reason", event.reason()), "redactedBy", event.redactedBy());
        record(redaction);
        // The message and its edits carry the marker, so no later read or catch-up shows their text to non-auditors.
        Bson marked = Updates.set("redaction", new Document(redaction));
        write(collections.writer(ENTRIES), new UpdateManyModel<>(event.messageSequence() == null
                ? Filters.and(Filters.eq("conversationId", event.conversationId()),
                Filters.eq("messageId", event.messageId()),
                Filters.in("event", TimelineDocuments.MESSAGE, TimelineDocuments.MESSAGE_EDITED))
                : Filters.in("_id", messageAndEdits(event.conversationId(), event.messageId(),
                event.messageSequence())), marked));
    }

    @EventHandler
    void on(MessagesSeen event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        String reader = event.reader().toString();
        record(ActorFields.with(TimelineDocuments.entry(event.conversationId(), sequence, TimelineDocuments.SEEN,
                false, at), "reader", event.reader()).append("upToSequence", event.upToSequence()));
        // The conversation lists its readers, so a transcript finds their receipts by id; the entry just recorded
        // queued the batch's update of the conversation, which takes the reader along.
        readersAdded(event.conversationId()).add(reader);
        write(collections.writer(SEEN), new UpdateOneModel<>(Filters.eq("_id",
                TimelineDocuments.receiptId(event.conversationId(), reader)),
                Updates.combine(Updates.setOnInsert("conversationId", event.conversationId()),
                        Updates.setOnInsert("reader", ActorFields.of(event.reader())),
                        Updates.setOnInsert("readerId", event.reader().id()),
                        Updates.max("upToSequence", event.upToSequence())),
                UPSERT));
    }

    @EventHandler
    void on(ConversationClosed event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        advance(event.conversationId(), sequence, Updates.combine(
                Updates.set("status", "CLOSED"), Updates.set("closedAt", Date.from(at)),
                Updates.set("closeReason", event.reason()), Updates.unset("assignedAgentId")));
        status(event.conversationId(), sequence, "CLOSED", event.closedBy(), event.reason(), at);
    }

    @EventHandler
    void on(ConversationReopened event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        advance(event.conversationId(), sequence, Updates.combine(Updates.set("status", "OPEN"),
                Updates.unset("closedAt"), Updates.unset("closeReason")));
        status(event.conversationId(), sequence, "REOPENED", event.reopenedBy(), event.reason(), at);
    }

    @EventHandler
    void on(ConversationTagged event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        tag(event.conversationId(), sequence, TimelineDocuments.TAGGED, event.tag(), event.taggedBy(), at,
                Updates.addToSet("tags", event.tag()));
    }

    @EventHandler
    void on(ConversationUntagged event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        tag(event.conversationId(), sequence, TimelineDocuments.UNTAGGED, event.tag(), event.untaggedBy(), at,
                Updates.pull("tags", event.tag()));
    }

    private void tag(String conversationId, long sequence, String event, String tag, Actor by, Instant at,
                     Bson change) {
        record(ActorFields.with(TimelineDocuments.entry(conversationId, sequence, event, true, at).append("tag", tag),
                "actor", by));
        advance(conversationId, sequence, change);
    }

    private void assigned(String conversationId, long sequence, String agentId, String fromAgentId, String reason,
                          Actor by, Instant at) {
        record(ActorFields.with(TimelineDocuments.entry(conversationId, sequence, TimelineDocuments.ASSIGNED, false,
                        at).append("agentId", agentId).append("fromAgentId", fromAgentId).append("reason", reason),
                "actor", by));
        advance(conversationId, sequence, Updates.combine(Updates.set("assignedAgentId", agentId),
                Updates.addToSet("agents", agentId)));
    }

    private void status(String conversationId, long sequence, String status, Object actor, String reason,
                        Instant at) {
        record(ActorFields.with(TimelineDocuments.entry(conversationId, sequence, TimelineDocuments.STATUS, false, at)
                .append("status", status), "actor", actor).append("reason", reason));
    }

    private void record(Document entry) {
        String conversationId = entry.getString("conversationId");
        long sequence = TimelineDocuments.sequence(entry);
        raiseLastEntry(conversationId, sequence);
        insertOnce(collections.writer(ENTRIES), TimelineDocuments.entryId(conversationId, sequence), entry);
    }

    /**
     * Raises the conversation's mark of its last entry, up to which reads fetch entries by id. One update of the
     * conversation's marks per batch, written after the batch's entries and receipts: a read that finds the mark
     * finds every entry up to it. Were the mark ahead, a read racing the batch's inserts could find a later entry
     * but not an earlier one, and a stream that delivered the later one would skip the earlier for good. Queued with
     * the batch's first entry of the conversation, and changed in place by the later ones.
     */
    private void raiseLastEntry(String conversationId, long sequence) {
        Document marks = batchMarks().get(conversationId);
        if (marks == null) {
            marks = new Document("$max", new Document(TimelineDocuments.LAST_ENTRY, sequence));
            batchMarks().put(conversationId, marks);
            writeAfterTheRest(collections.writer(CONVERSATIONS),
                    new UpdateOneModel<>(Filters.eq("_id", conversationId), marks));
        } else {
            Document max = marks.get("$max", Document.class);
            max.put(TimelineDocuments.LAST_ENTRY, Math.max(max.getLong(TimelineDocuments.LAST_ENTRY), sequence));
        }
    }

    /** The readers the batch's update of the conversation's marks adds; the conversation has an entry in the batch. */
    @SuppressWarnings("unchecked")
    private List<String> readersAdded(String conversationId) {
        Document addToSet = (Document) batchMarks().get(conversationId).computeIfAbsent("$addToSet",
                key -> new Document("readers", new Document("$each", new ArrayList<String>())));
        return (List<String>) addToSet.get("readers", Document.class).get("$each");
    }

    /** Per conversation, the batch's update of its marks (last entry, readers), changed in place until the flush. */
    private Map<String, Document> batchMarks() {
        return batchResource("conversationMarks", HashMap::new);
    }

    /** Applies {@code change} only if the conversation has not yet seen {@code sequence}. */
    private void advance(String conversationId, long sequence, Bson change) {
        writeIfNewer(collections.writer(CONVERSATIONS), conversationId, sequence, change);
    }

    private static Bson messageEntry(String conversationId, String messageId) {
        return Filters.and(Filters.eq("conversationId", conversationId), Filters.eq("messageId", messageId),
                Filters.eq("event", TimelineDocuments.MESSAGE));
    }

    /**
     * Whether a message is an internal note, so its edits and redaction stay as hidden from visitors as it is. Events
     * stored before they named the message's sequence find it by id, which the embedded MongoDB can only scan for.
     */
    private boolean isInternal(String conversationId, String messageId, Long messageSequence) {
        return internalMessages().computeIfAbsent(messageId, id -> {
            Bson message = messageSequence == null ? messageEntry(conversationId, id)
                    : Filters.eq("_id", TimelineDocuments.entryId(conversationId, messageSequence));
            Document found = collections.writer(ENTRIES).find(message).projection(Projections.include("agentsOnly"))
                    .first();
            return found != null && found.getBoolean("agentsOnly", false);
        });
    }

    /** The ids of a message's entry and of its edits' entries, those already stored and those of this batch. */
    private List<String> messageAndEdits(String conversationId, String messageId, long messageSequence) {
        String messageEntryId = TimelineDocuments.entryId(conversationId, messageSequence);
        Document stored = collections.writer(ENTRIES).find(Filters.eq("_id", messageEntryId))
                .projection(Projections.include("edits")).first();
        List<Long> edits = new ArrayList<>(stored == null ? List.of() : stored.getList("edits", Long.class, List.of()));
        edits.addAll(editsInBatch().getOrDefault(messageId, List.of()));
        List<String> ids = new ArrayList<>(List.of(messageEntryId));
        edits.stream().distinct().forEach(edit -> ids.add(TimelineDocuments.entryId(conversationId, edit)));
        return ids;
    }

    /** The sequences of the edits this batch made, per message id: not in the database before the batch's flush. */
    private Map<String, List<Long>> editsInBatch() {
        return batchResource("editsInBatch", HashMap::new);
    }

    /** Messages sent in the current batch are not in the database yet when a later event of the batch refers to them. */
    private Map<String, Boolean> internalMessages() {
        return batchResource("internalMessages", HashMap::new);
    }
}
