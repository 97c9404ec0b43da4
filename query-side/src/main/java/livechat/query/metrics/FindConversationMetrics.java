package livechat.query.metrics;

/** The {@link ConversationMetrics} of one conversation. */
public record FindConversationMetrics(String conversationId) {
}
