package livechat.query.transcript;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.query.live.ConversationUpdates;
import livechat.query.live.StreamItem;
import livechat.query.mongo.MongoProjection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.Date;

/**
 * Projects conversations into their transcripts. Every write is idempotent: timeline entries are inserted only if
 * absent, and the conversation document changes only for an event newer than the last one it has seen, so a replay
 * or a redelivered batch changes nothing.
 */
@ProcessingGroup(TranscriptProjection.PROCESSING_GROUP)
public class TranscriptProjection extends MongoProjection {

    public static final String PROCESSING_GROUP = "transcript";
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final TranscriptCollections collections;
    private final ConversationUpdates updates;

    public TranscriptProjection(TranscriptCollections collections, ConversationUpdates updates) {
        this.collections = collections;
        this.updates = updates;
    }

    @EventHandler
    void on(ConversationStarted event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        write(collections.conversations, new UpdateOneModel<>(Filters.eq("_id", event.conversationId()),
                Updates.setOnInsert(new Document("visitorId", event.visitorId())
                        .append("topic", event.topic())
                        .append("requiredSkill", event.requiredSkill())
                        .append("status", "OPEN")
                        .append("startedAt", Date.from(at))
                        .append("lastSequence", sequence)
                        .append("messageCount", 0L)), UPSERT));
        record(event.conversationId(), new StatusChange(sequence, "OPEN", "visitor:" + event.visitorId(), null, at));
    }

    @EventHandler
    void on(MessageSent event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        TranscriptMessage message = new TranscriptMessage(sequence, event.messageId(), event.author().id(),
                event.author().role().wireName(), event.text(), at, event.internal());
        record(event.conversationId(), sequence, TimelineDocuments.entry(event.conversationId(), message),
                TimelineDocuments.item(message));
        advance(event.conversationId(), sequence, Updates.combine(
                Updates.set("lastMessageAt", Date.from(at)), Updates.inc("messageCount", 1L)));
    }

    @EventHandler
    void on(ConversationClosed event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        advance(event.conversationId(), sequence, Updates.combine(
                Updates.set("status", "CLOSED"), Updates.set("closedAt", Date.from(at)),
                Updates.set("closeReason", event.reason())));
        record(event.conversationId(),
                new StatusChange(sequence, "CLOSED", event.closedBy().toString(), event.reason(), at));
    }

    private void record(String conversationId, StatusChange change) {
        record(conversationId, change.sequence(), TimelineDocuments.entry(conversationId, change),
                TimelineDocuments.item(change));
    }

    private void record(String conversationId, long sequence, Document entry, StreamItem item) {
        write(collections.entries, new UpdateOneModel<>(
                Filters.eq("_id", TimelineDocuments.entryId(conversationId, sequence)),
                Updates.setOnInsert(entry), UPSERT));
        afterWrite(() -> updates.publish(conversationId, item));
    }

    /** Applies {@code change} only if the conversation has not yet seen {@code sequence}. */
    private void advance(String conversationId, long sequence, Bson change) {
        write(collections.conversations, new UpdateOneModel<>(
                Filters.and(Filters.eq("_id", conversationId), Filters.lt("lastSequence", sequence)),
                Updates.combine(change, Updates.set("lastSequence", sequence))));
    }
}
