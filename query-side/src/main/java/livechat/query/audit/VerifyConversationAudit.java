package livechat.query.audit;

/** Recomputes a conversation's chain from the event store and compares it with the recorded one. */
public record VerifyConversationAudit(String conversationId) {
}
