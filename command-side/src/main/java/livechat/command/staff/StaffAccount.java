package livechat.command.staff;

import livechat.command.staff.StaffCommand.ChangeStaffRoles;
import livechat.command.staff.StaffCommand.CreateStaffAccount;
import livechat.command.staff.StaffCommand.DisableStaffAccount;
import livechat.command.staff.StaffCommand.EnableStaffAccount;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.events.staff.StaffEvent.StaffAccountCreated;
import livechat.events.staff.StaffEvent.StaffAccountDisabled;
import livechat.events.staff.StaffEvent.StaffAccountEnabled;
import livechat.events.staff.StaffEvent.StaffRolesChanged;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static livechat.command.staff.StaffRule.ADMINS_MANAGE_STAFF;
import static livechat.command.staff.StaffRule.ADMIN_KEEPS_OWN_ACCESS;
import static livechat.command.staff.StaffRule.STAFF_ROLES;
import static livechat.command.staff.StaffRule.STAFF_USERNAME_FORMAT;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A staff member's account: the roles it holds and whether it may sign in. Admins manage accounts; the server itself
 * ({@code system}) creates the first admin. Passwords are not part of it: they are kept, hashed, in the credentials
 * store beside the read models, so no event or snapshot ever holds one.
 */
public class StaffAccount {

    /** The same form as an actor id, since the username is the id staff act under (an agent's agent id). */
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,128}");
    /** The roles an account can hold: everyone but visitors (who have no account) and the server itself. */
    static final Set<Role> STAFF_ROLE_SET = Role.staff();

    @AggregateIdentifier
    private String accountId;
    private String username;
    private Set<String> roles;
    private boolean disabled;

    protected StaffAccount() {
        // Axon rebuilds the aggregate from its events through this constructor.
    }

    /** The aggregate id of the account named {@code username}. */
    public static String accountId(String username) {
        return "staff:" + username;
    }

    @CommandHandler
    public StaffAccount(CreateStaffAccount command) {
        requireAdmin(command.actor());
        if (command.username() == null || !USERNAME.matcher(command.username()).matches()) {
            throw STAFF_USERNAME_FORMAT.broken("A username is 1 to 128 letters, digits, '.', '_', '@' or '-'.");
        }
        apply(new StaffAccountCreated(command.username(), roles(command.roles()), command.actor()));
    }

    @CommandHandler
    public void handle(ChangeStaffRoles command) {
        requireAdmin(command.actor());
        Set<String> changed = roles(command.roles());
        if (isSelf(command.actor()) && !changed.contains(Role.ADMIN.wireName())) {
            throw ADMIN_KEEPS_OWN_ACCESS.broken("An admin cannot take the admin role from their own account; "
                    + "another admin can.");
        }
        if (!changed.equals(roles)) {
            apply(new StaffRolesChanged(username, changed, command.actor()));
        }
    }

    @CommandHandler
    public void handle(DisableStaffAccount command) {
        requireAdmin(command.actor());
        if (isSelf(command.actor())) {
            throw ADMIN_KEEPS_OWN_ACCESS.broken("An admin cannot disable their own account; another admin can.");
        }
        if (!disabled) {
            apply(new StaffAccountDisabled(username, command.actor()));
        }
    }

    @CommandHandler
    public void handle(EnableStaffAccount command) {
        requireAdmin(command.actor());
        if (disabled) {
            apply(new StaffAccountEnabled(username, command.actor()));
        }
    }

    private boolean isSelf(Actor actor) {
        return actor.is(Role.ADMIN) && actor.id().equals(username);
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.is(Role.ADMIN) && !actor.is(Role.SYSTEM)) {
            throw ADMINS_MANAGE_STAFF.broken("Staff accounts are created and changed by admins.");
        }
    }

    /** At least one staff role, each a wire name, kept lowercase and sorted. */
    private static Set<String> roles(Set<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw STAFF_ROLES.broken("An account holds at least one of the roles agent, supervisor, auditor, admin, "
                    + "ops.");
        }
        Set<String> normalized = new TreeSet<>();
        for (String name : requested) {
            Role role = role(name);
            if (role == null || !STAFF_ROLE_SET.contains(role)) {
                throw STAFF_ROLES.broken("A staff role is one of agent, supervisor, auditor, admin, ops; '" + name
                        + "' is not.");
            }
            normalized.add(role.wireName());
        }
        return normalized;
    }

    private static Role role(String name) {
        try {
            return name == null ? null : Role.fromWireName(name.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    @EventSourcingHandler
    void on(StaffAccountCreated event) {
        accountId = accountId(event.username());
        username = event.username();
        roles = event.roles();
    }

    @EventSourcingHandler
    void on(StaffRolesChanged event) {
        roles = event.roles();
    }

    @EventSourcingHandler
    void on(StaffAccountDisabled event) {
        disabled = true;
    }

    @EventSourcingHandler
    void on(StaffAccountEnabled event) {
        disabled = false;
    }
}
