package livechat.command.staff;

import livechat.command.ActorCommand;
import livechat.events.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Set;

/**
 * What admins (and the server itself, for the first admin) ask of a staff account. The account's aggregate id is
 * {@link StaffAccount#accountId(String)} of its username, so it never collides with an agent of the same name.
 */
public sealed interface StaffCommand extends ActorCommand {

    String username();

    @TargetAggregateIdentifier
    default String accountId() {
        return StaffAccount.accountId(username());
    }

    /** {@code roles} are wire names: agent, supervisor, auditor, admin, ops. */
    record CreateStaffAccount(String username, Actor actor, Set<String> roles) implements StaffCommand {
    }

    record ChangeStaffRoles(String username, Actor actor, Set<String> roles) implements StaffCommand {
    }

    record DisableStaffAccount(String username, Actor actor) implements StaffCommand {
    }

    record EnableStaffAccount(String username, Actor actor) implements StaffCommand {
    }
}
