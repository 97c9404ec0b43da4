package livechat.command.conversation;

import livechat.command.Rule;
import livechat.command.RuleViolation.Kind;

/** The rules a conversation enforces, each with the name a refusal carries. */
public enum ConversationRule implements Rule {
    ONLY_VISITORS_START(Kind.FORBIDDEN, "only-visitors-start-conversations"),
    TOPIC_LENGTH(Kind.INVALID, "topic-length"),
    PARTICIPANTS_ONLY(Kind.FORBIDDEN, "participants-only"),
    INTERNAL_NOTES_AGENTS_ONLY(Kind.FORBIDDEN, "internal-notes-agents-only"),
    CONVERSATION_OPEN(Kind.CONFLICT, "conversation-open"),
    CONVERSATION_CLOSED(Kind.CONFLICT, "conversation-closed"),
    MESSAGE_TEXT_LENGTH(Kind.INVALID, "message-text-length"),
    ATTACHMENT_LIMITS(Kind.INVALID, "attachment-limits"),
    CLIENT_MESSAGE_ID_REQUIRED(Kind.INVALID, "client-message-id-required"),
    CLIENT_MESSAGE_ID_REUSED(Kind.CONFLICT, "client-message-id-reused"),
    REASON_LENGTH(Kind.INVALID, "reason-length"),
    MESSAGE_NOT_FOUND(Kind.NOT_FOUND, "message-not-found"),
    EDIT_BY_AUTHOR_OR_SUPERVISOR(Kind.FORBIDDEN, "edit-by-author-or-supervisor"),
    MESSAGE_REDACTED(Kind.CONFLICT, "message-redacted"),
    SUPERVISORS_ONLY(Kind.FORBIDDEN, "supervisors-only"),
    REDACTION_REASON_REQUIRED(Kind.INVALID, "redaction-reason-required"),
    SEEN_WITHIN_CONVERSATION(Kind.INVALID, "seen-within-conversation"),
    AGENT_ALREADY_ASSIGNED(Kind.CONFLICT, "agent-already-assigned"),
    CONVERSATION_HAS_AGENT(Kind.CONFLICT, "conversation-has-agent"),
    TRANSFER_NEEDS_AGENT(Kind.CONFLICT, "transfer-needs-assigned-agent"),
    TRANSFER_BY_ASSIGNEE_OR_SUPERVISOR(Kind.FORBIDDEN, "transfer-by-assignee-or-supervisor"),
    UNASSIGN_NEEDS_AGENT(Kind.CONFLICT, "unassign-needs-assigned-agent"),
    RESERVATION_ABANDONED(Kind.CONFLICT, "reservation-abandoned"),
    ONLY_THE_VISITOR_RATES(Kind.FORBIDDEN, "only-the-visitor-rates"),
    RATING_AFTER_CLOSE(Kind.CONFLICT, "rating-after-close"),
    ONE_RATING_PER_PERIOD(Kind.CONFLICT, "one-rating-per-period"),
    RATING_SCORE_RANGE(Kind.INVALID, "rating-score-range"),
    TAGS_BY_AGENTS(Kind.FORBIDDEN, "tags-by-agents-and-supervisors"),
    TAG_FORMAT(Kind.INVALID, "tag-format"),
    DISPUTE_PARTIES(Kind.FORBIDDEN, "dispute-parties"),
    ONE_OPEN_DISPUTE(Kind.CONFLICT, "one-open-dispute"),
    DISPUTE_NOT_FOUND(Kind.NOT_FOUND, "dispute-not-found"),
    DISPUTE_OPEN(Kind.CONFLICT, "dispute-open"),
    DISPUTE_TEXT_LENGTH(Kind.INVALID, "dispute-text-length"),
    DISPUTE_OUTCOME(Kind.INVALID, "dispute-outcome"),
    SUPERVISORS_RESOLVE_DISPUTES(Kind.FORBIDDEN, "supervisors-resolve-disputes"),
    LEGAL_HOLD_BY_SUPERVISOR_OR_AUDITOR(Kind.FORBIDDEN, "legal-hold-by-supervisor-or-auditor"),
    LEGAL_HOLD_REASON_REQUIRED(Kind.INVALID, "legal-hold-reason-required"),
    LEGAL_HOLD_PLACED(Kind.CONFLICT, "legal-hold-placed"),
    NO_LEGAL_HOLD(Kind.CONFLICT, "no-legal-hold");

    private final Definition definition;

    ConversationRule(Kind kind, String ruleName) {
        definition = new Definition(kind, ruleName);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
