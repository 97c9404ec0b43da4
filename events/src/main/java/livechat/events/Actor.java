package livechat.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who performs an action, written as {@code role:id}. The server builds it from the verified principal of a request
 * (its token's subject and the role it acts in), never from anything a client merely states.
 */
public record Actor(Role role, String id) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._@-]{1,128}");

    public Actor {
        Objects.requireNonNull(role, "role");
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("an actor id is 1..128 of letters, digits, '.', '_', '@' or '-'");
        }
    }

    /** Parses {@code role:id}; throws {@link IllegalArgumentException} naming what is wrong. */
    @JsonCreator
    public static Actor parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("no actor given");
        }
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("an actor is written role:id");
        }
        Role role;
        try {
            role = Role.fromWireName(value.substring(0, colon));
        } catch (IllegalArgumentException unknownRole) {
            throw new IllegalArgumentException("the role is one of visitor, agent, supervisor, auditor, admin, ops, privacy, system");
        }
        return new Actor(role, value.substring(colon + 1));
    }

    /** The server acting on its own, e.g. {@code system:routing}. */
    public static Actor system(String component) {
        return new Actor(Role.SYSTEM, component);
    }

    public boolean is(Role other) {
        return role == other;
    }

    @JsonValue
    @Override
    public String toString() {
        return role.wireName() + ":" + id;
    }
}
