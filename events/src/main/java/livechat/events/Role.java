package livechat.events;

import java.util.Locale;

/**
 * What someone acting on a conversation is allowed to be. {@code SYSTEM} is the server itself (routing, reconciling);
 * no request can claim it.
 */
public enum Role {
    VISITOR, AGENT, SUPERVISOR, AUDITOR, SYSTEM;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
