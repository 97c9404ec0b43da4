package livechat.events.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One event as an audit shows it: its {@code position} in the global log, {@code sequence} in its conversation's
 * stream, id, {@code type} (the event's short name) and {@code payloadType} (as stored), who caused it
 * ({@code role:id}), when (ISO-8601), its payload exactly as stored (JSON text), the payload's SHA-256
 * {@code digest}, and its place in the write-time chain ({@link AuditLink}): {@code previousLink} and
 * {@code chainHash}, the event's own link.
 */
public record AuditRecord(long position, long sequence, String eventId, String type, String payloadType,
                          String actor, String timestamp, String payload, String digest, String previousLink,
                          String chainHash) {

    /** The record of a stored event whose link, recomputed from its content, follows {@code previousLink}. */
    public static AuditRecord of(StoredEvent event, String previousLink) {
        String link = event.content().after(previousLink);
        String name = event.payloadType();
        return new AuditRecord(event.position(), event.sequence(), event.eventId(),
                name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$')) + 1), name, event.actor(),
                event.timestamp(), new String(event.payload(), StandardCharsets.UTF_8),
                HashChain.digest(event.payload()), previousLink, link);
    }

    /** What this record says the event contributed to its conversation's chain. */
    public AuditLink content(String conversationId) {
        return new AuditLink(eventId, conversationId, sequence, payloadType, Instant.parse(timestamp), actor,
                payload.getBytes(StandardCharsets.UTF_8));
    }
}
