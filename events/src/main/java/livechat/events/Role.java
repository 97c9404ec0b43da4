package livechat.events;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What someone acting is allowed to be. {@code ADMIN} manages staff accounts and {@code OPS} reads the server's
 * metrics; {@code PRIVACY} answers data subjects' requests (erasure); none of them takes part in conversations.
 * {@code SYSTEM} is the server itself (routing, reconciling, the first admin's account) or the operators' tool; no
 * token can claim it.
 */
public enum Role {
    VISITOR, AGENT, SUPERVISOR, AUDITOR, ADMIN, OPS, PRIVACY, SYSTEM;

    private static final Set<Role> STAFF = Collections.unmodifiableSet(EnumSet.of(AGENT, SUPERVISOR, AUDITOR, ADMIN,
            OPS, PRIVACY));

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The roles a staff account can hold: every one but visitors' (who have no account) and the server's. */
    public static Set<Role> staff() {
        return STAFF;
    }
}
