package livechat.command.conversation;

import livechat.command.RuleViolation;
import livechat.command.RuleViolation.Kind;

/** The rules a conversation enforces, each with the name a refusal carries. */
public enum ConversationRule {
    ONLY_VISITORS_START(Kind.FORBIDDEN, "only-visitors-start-conversations"),
    TOPIC_LENGTH(Kind.INVALID, "topic-length"),
    PARTICIPANTS_ONLY(Kind.FORBIDDEN, "participants-only"),
    INTERNAL_NOTES_AGENTS_ONLY(Kind.FORBIDDEN, "internal-notes-agents-only"),
    CONVERSATION_OPEN(Kind.CONFLICT, "conversation-open"),
    MESSAGE_TEXT_LENGTH(Kind.INVALID, "message-text-length"),
    CLIENT_MESSAGE_ID_REQUIRED(Kind.INVALID, "client-message-id-required"),
    CLIENT_MESSAGE_ID_REUSED(Kind.CONFLICT, "client-message-id-reused"),
    CLOSE_REASON_LENGTH(Kind.INVALID, "close-reason-length");

    private final Kind kind;
    private final String ruleName;

    ConversationRule(Kind kind, String ruleName) {
        this.kind = kind;
        this.ruleName = ruleName;
    }

    public String ruleName() {
        return ruleName;
    }

    RuleViolation broken(String message) {
        return new RuleViolation(kind, ruleName, message);
    }
}
