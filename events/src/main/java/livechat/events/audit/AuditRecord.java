package livechat.events.audit;

/**
 * One event as an audit shows it: its {@code position} in the global log, {@code sequence} in its conversation's
 * stream, id, type, who caused it ({@code role:id}), when (ISO-8601), its payload exactly as stored (JSON text),
 * the payload's {@code digest} and the {@code chainHash} H(n) of {@link HashChain}.
 */
public record AuditRecord(long position, long sequence, String eventId, String type, String actor, String timestamp,
                          String payload, String digest, String chainHash) {
}
