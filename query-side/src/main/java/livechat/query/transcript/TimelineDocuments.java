package livechat.query.transcript;

import livechat.query.live.StreamItem;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;

/**
 * Turns timeline items into documents and back, in one place, so what a projection publishes live is exactly what
 * a later read returns.
 */
final class TimelineDocuments {

    static final String MESSAGE = "message";
    static final String STATUS = "status";

    private TimelineDocuments() {
    }

    static String entryId(String conversationId, long sequence) {
        return conversationId + ":" + sequence;
    }

    static Document entry(String conversationId, TranscriptMessage message) {
        return new Document("conversationId", conversationId)
                .append("sequence", message.sequence())
                .append("event", MESSAGE)
                .append("agentsOnly", message.internal())
                .append("messageId", message.messageId())
                .append("authorId", message.authorId())
                .append("role", message.role())
                .append("text", message.text())
                .append("at", Date.from(message.sentAt()));
    }

    static Document entry(String conversationId, StatusChange change) {
        return new Document("conversationId", conversationId)
                .append("sequence", change.sequence())
                .append("event", STATUS)
                .append("agentsOnly", false)
                .append("status", change.status())
                .append("actor", change.actor())
                .append("reason", change.reason())
                .append("at", Date.from(change.at()));
    }

    static TranscriptMessage message(Document entry) {
        return new TranscriptMessage(entry.get("sequence", Number.class).longValue(), entry.getString("messageId"),
                entry.getString("authorId"), entry.getString("role"), entry.getString("text"), at(entry),
                entry.getBoolean("agentsOnly", false));
    }

    static StreamItem item(Document entry) {
        long sequence = entry.get("sequence", Number.class).longValue();
        return switch (entry.getString("event")) {
            case MESSAGE -> item(message(entry));
            case STATUS -> item(new StatusChange(sequence, entry.getString("status"), entry.getString("actor"),
                    entry.getString("reason"), at(entry)));
            default -> throw new IllegalStateException("unknown timeline entry " + entry.getString("event"));
        };
    }

    static StreamItem item(TranscriptMessage message) {
        return new StreamItem(message.sequence(), MESSAGE, message, message.internal());
    }

    static StreamItem item(StatusChange change) {
        return new StreamItem(change.sequence(), STATUS, change, false);
    }

    private static Instant at(Document entry) {
        return entry.getDate("at").toInstant();
    }
}
