package livechat.events;

import java.util.Locale;

/**
 * What someone acting is allowed to be. {@code ADMIN} manages staff accounts and {@code OPS} reads the server's
 * metrics; neither takes part in conversations. {@code SYSTEM} is the server itself (routing, reconciling, the first
 * admin's account) or the operators' tool; no token can claim it.
 */
public enum Role {
    VISITOR, AGENT, SUPERVISOR, AUDITOR, ADMIN, OPS, SYSTEM;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
