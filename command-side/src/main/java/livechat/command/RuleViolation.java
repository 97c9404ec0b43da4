package livechat.command;

/**
 * A command was refused because it breaks a domain rule. {@code rule} is a stable, kebab-case name clients may
 * match on; the message says what happened in words a person can act on.
 */
public final class RuleViolation extends RuntimeException {

    /** What kind of refusal this is, so the edge can answer with the right status without knowing every rule. */
    public enum Kind { INVALID, FORBIDDEN, NOT_FOUND, CONFLICT }

    private final String rule;
    private final Kind kind;

    public RuleViolation(Kind kind, String rule, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }

    public Kind kind() {
        return kind;
    }
}
