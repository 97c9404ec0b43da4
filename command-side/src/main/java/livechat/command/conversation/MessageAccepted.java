package livechat.command.conversation;

/**
 * The answer to {@code SendMessage}: the message's id and its sequence in the conversation's event stream.
 * {@code duplicate} is true when this was a resend and nothing new was written.
 */
public record MessageAccepted(String messageId, long sequence, boolean duplicate) {
}
