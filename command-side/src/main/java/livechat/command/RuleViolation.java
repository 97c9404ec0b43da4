package livechat.command;

/**
 * A command was refused because it breaks a domain {@link Rule}; the message says what happened in words a person
 * can act on.
 */
public final class RuleViolation extends RuntimeException {

    /** What kind of refusal this is, so the edge can answer with the right status without knowing every rule. */
    public enum Kind { INVALID, FORBIDDEN, NOT_FOUND, CONFLICT }

    private final Rule rule;

    public RuleViolation(Rule rule, String message) {
        super(message, null, false, false);
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }

    /** The rule's name on the wire, which clients may match on. */
    public String ruleName() {
        return rule.ruleName();
    }

    public Kind kind() {
        return rule.kind();
    }
}
