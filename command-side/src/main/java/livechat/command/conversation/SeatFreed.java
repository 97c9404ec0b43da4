package livechat.command.conversation;

/**
 * The answer to a command that took the agent off a conversation ({@code UnassignAgent}, {@code CloseConversation}):
 * the agent whose seat is now free, to be given back to them; null when no agent held the conversation.
 */
public record SeatFreed(String agentId) {
}
