package livechat.command;

/**
 * A domain rule a command can break. Every rule is a constant of a rule enum; its {@link #ruleName()} is the stable,
 * kebab-case name a refusal carries to clients, unique across all rules, so a refusal names exactly one rule.
 * Code that reacts to refusals compares the rules themselves, never their names.
 */
public interface Rule {

    /** What a rule enum constant carries: the kind of refusal breaking it is, and its name on the wire. */
    record Definition(RuleViolation.Kind kind, String ruleName) {
    }

    Definition definition();

    default String ruleName() {
        return definition().ruleName();
    }

    default RuleViolation.Kind kind() {
        return definition().kind();
    }

    default RuleViolation broken(String message) {
        return new RuleViolation(this, message);
    }
}
