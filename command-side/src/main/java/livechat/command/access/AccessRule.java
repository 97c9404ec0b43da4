package livechat.command.access;

import livechat.command.Rule;
import livechat.command.RuleViolation.Kind;

/** The rules of a conversation's access log, each with the name a refusal carries. */
public enum AccessRule implements Rule {
    STAFF_ONLY(Kind.FORBIDDEN, "access-log-staff-only"),
    RESOURCE(Kind.INVALID, "access-resource"),
    PURPOSE_FORMAT(Kind.INVALID, "purpose-format");

    private final Definition definition;

    AccessRule(Kind kind, String ruleName) {
        definition = new Definition(kind, ruleName);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
