package livechat.command.subject;

import livechat.command.Rule;
import livechat.command.RuleViolation.Kind;

/** The rules of requests about a visitor's personal data, each with the name a refusal carries. */
public enum SubjectRule implements Rule {
    ERASURE_BY_PRIVACY_OR_SUPERVISOR(Kind.FORBIDDEN, "erasure-by-privacy-or-supervisor"),
    VISITOR_NOT_FOUND(Kind.NOT_FOUND, "visitor-not-found"),
    ERASURE_REASON_REQUIRED(Kind.INVALID, "erasure-reason-required"),
    LEGAL_BASIS_FORMAT(Kind.INVALID, "legal-basis-format"),
    LEGAL_HOLD(Kind.CONFLICT, "legal-hold"),
    /** Nothing new of an erased visitor is kept: no file is stored for their conversations. */
    VISITOR_DATA_ERASED(Kind.CONFLICT, "visitor-data-erased");

    private final Definition definition;

    SubjectRule(Kind kind, String ruleName) {
        definition = new Definition(kind, ruleName);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
