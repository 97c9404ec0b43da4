package livechat.query.audit;

/** The {@link ConversationAudit} of one conversation. */
public record FindConversationAudit(String conversationId) {
}
