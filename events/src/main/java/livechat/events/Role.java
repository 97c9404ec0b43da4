package livechat.events;

import java.util.Locale;

/** What a person acting on a conversation is allowed to be. */
public enum Role {
    VISITOR, AGENT, SUPERVISOR, AUDITOR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
