package livechat.command.staff;

import livechat.command.staff.StaffCommand.ChangeStaffRoles;
import livechat.command.staff.StaffCommand.CreateStaffAccount;
import livechat.command.staff.StaffCommand.DisableStaffAccount;
import livechat.command.staff.StaffCommand.EnableStaffAccount;
import livechat.events.Actor;
import livechat.events.staff.StaffEvent.StaffAccountCreated;
import livechat.events.staff.StaffEvent.StaffAccountDisabled;
import livechat.events.staff.StaffEvent.StaffAccountEnabled;
import livechat.events.staff.StaffEvent.StaffRolesChanged;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static livechat.command.Violations.violates;
import static org.assertj.core.api.Assertions.assertThat;

class StaffAccountTest {

    private static final Actor ADMIN = Actor.parse("admin:root");
    private static final Actor BOOTSTRAP = Actor.system("bootstrap");
    private static final Actor SUPERVISOR = Actor.parse("supervisor:s-1");
    private static final StaffAccountCreated ADA = new StaffAccountCreated("ada", Set.of("agent"), ADMIN);
    private static final StaffAccountCreated ROOT = new StaffAccountCreated("root", Set.of("admin"), BOOTSTRAP);

    private FixtureConfiguration<StaffAccount> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(StaffAccount.class);
    }

    @Test
    void anAdminCreatesAnAccountWithNormalizedRoles() {
        fixture.givenNoPriorActivity()
                .when(new CreateStaffAccount("ada", ADMIN, Set.of(" Agent", "supervisor")))
                .expectEvents(new StaffAccountCreated("ada", Set.of("agent", "supervisor"), ADMIN));
    }

    @Test
    void theServerItselfCreatesTheFirstAdmin() {
        fixture.givenNoPriorActivity()
                .when(new CreateStaffAccount("root", BOOTSTRAP, Set.of("admin")))
                .expectEvents(ROOT);
    }

    @Test
    void onlyAdminsManageStaff() {
        fixture.givenNoPriorActivity().when(new CreateStaffAccount("ada", SUPERVISOR, Set.of("agent")))
                .expectException(violates("admins-manage-staff"));
        fixture.given(ADA).when(new ChangeStaffRoles("ada", SUPERVISOR, Set.of("supervisor")))
                .expectException(violates("admins-manage-staff"));
        fixture.given(ADA).when(new DisableStaffAccount("ada", Actor.parse("agent:ada")))
                .expectException(violates("admins-manage-staff"));
        fixture.given(ADA, new StaffAccountDisabled("ada", ADMIN))
                .when(new EnableStaffAccount("ada", Actor.parse("auditor:x-1")))
                .expectException(violates("admins-manage-staff"));
    }

    @Test
    void aUsernameHasTheFormOfAnActorId() {
        fixture.givenNoPriorActivity().when(new CreateStaffAccount("ada lovelace", ADMIN, Set.of("agent")))
                .expectException(violates("staff-username-format"));
        fixture.givenNoPriorActivity().when(new CreateStaffAccount("x".repeat(129), ADMIN, Set.of("agent")))
                .expectException(violates("staff-username-format"));
        fixture.givenNoPriorActivity().when(new CreateStaffAccount(null, ADMIN, Set.of("agent")))
                .expectException(violates("staff-username-format"));
    }

    @Test
    void anAccountHoldsAtLeastOneStaffRole() {
        fixture.givenNoPriorActivity().when(new CreateStaffAccount("ada", ADMIN, Set.of()))
                .expectException(violates("staff-roles"));
        fixture.givenNoPriorActivity().when(new CreateStaffAccount("ada", ADMIN, Set.of("visitor")))
                .expectException(violates("staff-roles"));
        fixture.givenNoPriorActivity().when(new CreateStaffAccount("ada", ADMIN, Set.of("system")))
                .expectException(violates("staff-roles"));
        fixture.givenNoPriorActivity().when(new CreateStaffAccount("ada", ADMIN, Set.of("agent", "wizard")))
                .expectException(violates("staff-roles"));
        fixture.given(ADA).when(new ChangeStaffRoles("ada", ADMIN, Set.of()))
                .expectException(violates("staff-roles"));
    }

    @Test
    void rolesChangeOnlyWhenTheyDiffer() {
        fixture.given(ADA).when(new ChangeStaffRoles("ada", ADMIN, Set.of("agent", "supervisor")))
                .expectEvents(new StaffRolesChanged("ada", Set.of("agent", "supervisor"), ADMIN));
        fixture.given(ADA).when(new ChangeStaffRoles("ada", ADMIN, Set.of("AGENT")))
                .expectNoEvents();
    }

    @Test
    void disablingAndEnablingAreIdempotent() {
        fixture.given(ADA).when(new DisableStaffAccount("ada", ADMIN))
                .expectEvents(new StaffAccountDisabled("ada", ADMIN));
        fixture.given(ADA, new StaffAccountDisabled("ada", ADMIN)).when(new DisableStaffAccount("ada", ADMIN))
                .expectNoEvents();
        fixture.given(ADA, new StaffAccountDisabled("ada", ADMIN)).when(new EnableStaffAccount("ada", ADMIN))
                .expectEvents(new StaffAccountEnabled("ada", ADMIN));
        fixture.given(ADA).when(new EnableStaffAccount("ada", ADMIN)).expectNoEvents();
    }

    @Test
    void anAdminKeepsTheirOwnAccess() {
        Actor root = Actor.parse("admin:root");
        fixture.given(ROOT).when(new DisableStaffAccount("root", root))
                .expectException(violates("admin-keeps-own-access"));
        fixture.given(ROOT).when(new ChangeStaffRoles("root", root, Set.of("supervisor")))
                .expectException(violates("admin-keeps-own-access"));
        fixture.given(ROOT).when(new ChangeStaffRoles("root", root, Set.of("admin", "supervisor")))
                .expectEvents(new StaffRolesChanged("root", Set.of("admin", "supervisor"), root));
        fixture.given(ROOT).when(new DisableStaffAccount("root", Actor.parse("admin:other")))
                .expectEvents(new StaffAccountDisabled("root", Actor.parse("admin:other")));
    }

    @Test
    void anAccountNeverSharesAnIdWithAnAgentOfTheSameName() {
        assertThat(StaffAccount.accountId("ada")).isEqualTo("staff:ada").isNotEqualTo("ada");
        assertThat(new CreateStaffAccount("ada", ADMIN, Set.of("agent")).accountId()).isEqualTo("staff:ada");
    }
}
