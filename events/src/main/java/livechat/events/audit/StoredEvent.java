package livechat.events.audit;

/** An event exactly as the event store holds it; {@code payload} is the stored bytes, not a re-serialization. */
public record StoredEvent(long position, String aggregateId, long sequence, String eventId, String payloadType,
                          byte[] payload, String timestamp) {
}
