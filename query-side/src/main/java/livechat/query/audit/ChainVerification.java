package livechat.query.audit;

/**
 * The outcome of recomputing a conversation's chain from the event store. {@code ok} when every stored event
 * matches the recorded one; otherwise {@code firstMismatch} is the global position of the first that does not (with
 * its {@code sequence} and the {@code reason}). {@code checked} events were compared; {@code notYetAudited} are in
 * the store but not yet recorded by the audit projection (it is catching up), and are not judged.
 */
public record ChainVerification(String conversationId, boolean ok, int checked, String chainHash,
                                Long firstMismatch, Long sequence, String reason, int notYetAudited) {
}
