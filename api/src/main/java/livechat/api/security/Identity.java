package livechat.api.security;

import livechat.events.Actor;
import livechat.events.Role;
import livechat.api.http.ApiRule;
import livechat.api.http.ProblemException;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who a verified request comes from: the {@code id} they act under (a staff username or a visitor id), the roles
 * they hold, and the token's {@code subject} and {@code issuer}, which every event they cause records. The one place
 * an {@link Actor} is made from a principal.
 */
public record Identity(String id, Set<Role> roles, String subject, String issuer) {

    /**
     * When an account holds several roles, it acts in the first of these it holds: a supervisor who is also an agent
     * acts as a supervisor on conversations. Admin, ops and privacy act as such only on their own endpoints.
     */
    private static final List<Role> PRECEDENCE = List.of(Role.SUPERVISOR, Role.AGENT, Role.AUDITOR, Role.VISITOR,
            Role.ADMIN, Role.OPS, Role.PRIVACY);

    public Identity {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        if (roles.contains(Role.SYSTEM)) {
            throw new IllegalArgumentException("no token acts as the system");
        }
    }

    public boolean holds(Role role) {
        return roles.contains(role);
    }

    public boolean isVisitor() {
        return roles.contains(Role.VISITOR);
    }

    /** The actor of this request: its id in the role it acts in (see {@link #PRECEDENCE}). */
    public Actor actor() {
        return PRECEDENCE.stream().filter(roles::contains).findFirst().map(role -> new Actor(role, id))
                .orElseThrow(() -> new ProblemException(ApiRule.FORBIDDEN,
                        "This token holds no role the server knows."));
    }

    /** The actor in {@code role}, which the identity must hold (else 403 {@code forbidden}). */
    public Actor actingAs(Role role) {
        if (!roles.contains(role)) {
            throw new ProblemException(ApiRule.FORBIDDEN, "This needs the role " + role.wireName()
                    + ".");
        }
        return new Actor(role, id);
    }
}
