package livechat.events.staff;

import livechat.events.Actor;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything that happens to one staff account: who it is, which roles it holds, whether it may sign in. A password
 * or its hash is never part of an event: it lives in the credentials store beside the read models, which no read
 * model, audit or snapshot includes.
 */
public sealed interface StaffEvent {

    /** The account's username: the subject of its tokens and, for an agent, the agent id. */
    String username();

    /** Roles are kept sorted, so the same facts always serialize to the same bytes. */
    private static Set<String> sorted(Set<String> roles) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(roles));
    }

    /** {@code roles} are wire names of {@link livechat.events.Role}: agent, supervisor, auditor, admin, ops. */
    record StaffAccountCreated(String username, Set<String> roles, Actor createdBy) implements StaffEvent {

        public StaffAccountCreated {
            roles = sorted(roles);
        }
    }

    record StaffRolesChanged(String username, Set<String> roles, Actor changedBy) implements StaffEvent {

        public StaffRolesChanged {
            roles = sorted(roles);
        }
    }

    /** The account can no longer sign in, and tokens it already holds are refused. */
    record StaffAccountDisabled(String username, Actor disabledBy) implements StaffEvent {
    }

    record StaffAccountEnabled(String username, Actor enabledBy) implements StaffEvent {
    }
}
