package livechat.command.canned;

import livechat.command.Rule;
import livechat.command.RuleViolation.Kind;

/** The rules of the canned-response library and of sending from it, each with the name a refusal carries. */
public enum CannedResponseRule implements Rule {
    SUPERVISORS_MANAGE(Kind.FORBIDDEN, "supervisors-manage-canned-responses"),
    KEY_FORMAT(Kind.INVALID, "canned-response-key"),
    CONTENT(Kind.INVALID, "canned-response-content"),
    EXISTS(Kind.NOT_FOUND, "canned-response-exists"),
    SENT_BY_AGENTS(Kind.FORBIDDEN, "canned-responses-by-agents");

    private final Definition definition;

    CannedResponseRule(Kind kind, String ruleName) {
        definition = new Definition(kind, ruleName);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
