package livechat.command.agent;

import java.util.regex.Pattern;

import static livechat.command.agent.AgentRule.SKILL_FORMAT;

/**
 * A skill agents have and conversations require: 1 to 40 lowercase letters, digits or '-' after trimming, so that
 * every skill a conversation asks for is one an agent can be registered with.
 */
public record Skill(String name) {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    public static Skill of(String raw) {
        String candidate = raw == null ? "" : raw.strip();
        if (!FORMAT.matcher(candidate).matches()) {
            throw SKILL_FORMAT.broken("A skill is 1 to 40 lowercase letters, digits or '-'; '" + raw + "' is not.");
        }
        return new Skill(candidate);
    }

    /** The skill a conversation requires: none when {@code raw} is absent or blank. */
    public static String requiredOrNull(String raw) {
        return raw == null || raw.isBlank() ? null : of(raw).name();
    }
}
