package livechat.command.conversation;

import livechat.command.Limits;

import static livechat.command.conversation.ConversationRule.REASON_LENGTH;

/**
 * Why someone changed a conversation: optional, and when given at most {@link Limits#REASON} characters after
 * trimming. {@code text} is null when none was given.
 */
public record Reason(String text) {

    public static Reason of(String raw) {
        String reason = Trimmed.of(raw);
        if (reason.length() > Limits.REASON) {
            throw REASON_LENGTH.broken("A reason is at most " + Limits.REASON + " characters.");
        }
        return new Reason(reason.isEmpty() ? null : reason);
    }

    public boolean given() {
        return text != null;
    }
}
