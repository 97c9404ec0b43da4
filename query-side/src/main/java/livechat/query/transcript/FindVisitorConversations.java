package livechat.query.transcript;

/** Every conversation {@code visitorId} started, as {@link ConversationSummary}s ordered by start. */
public record FindVisitorConversations(String visitorId) {
}
