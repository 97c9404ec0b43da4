package livechat.command;

/**
 * A domain rule a command can break. Every rule is a constant of a rule enum; its {@link #ruleName()} is the stable,
 * kebab-case name a refusal carries to clients, unique across all rules, so a refusal names exactly one rule.
 * Code that reacts to refusals compares the rules themselves, never their names.
 */
public interface Rule {

    String ruleName();

    RuleViolation.Kind kind();

    default RuleViolation broken(String message) {
        return new RuleViolation(this, message);
    }
}
