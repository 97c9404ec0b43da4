package livechat.events.audit;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * An event exactly as the event store holds it; {@code payload} is the stored bytes, not a re-serialization.
 * {@code actor}, {@code previousLink} and {@code link} come from its stored metadata; the links are null for an
 * event written before write-time chaining.
 */
public record StoredEvent(long position, String aggregateId, long sequence, String eventId, String payloadType,
                          byte[] payload, String timestamp, String actor, String previousLink, String link) {

    /** The event with what its stored metadata (a JSON object) says of the actor and the links. */
    public static StoredEvent of(long position, String aggregateId, long sequence, String eventId,
                                 String payloadType, byte[] payload, String timestamp, JsonNode metaData) {
        return new StoredEvent(position, aggregateId, sequence, eventId, payloadType, payload, timestamp,
                text(metaData, "actor"), text(metaData, AuditLink.PREVIOUS), text(metaData, AuditLink.LINK));
    }

    /** What this event contributes to its aggregate's chain. */
    public AuditLink content() {
        return new AuditLink(eventId, aggregateId, sequence, payloadType, Instant.parse(timestamp), actor, payload);
    }

    private static String text(JsonNode metaData, String key) {
        JsonNode value = metaData == null ? null : metaData.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }
}
