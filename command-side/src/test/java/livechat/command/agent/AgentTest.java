package livechat.command.agent;

import livechat.command.agent.AgentCommand.ChangeAgentCapacity;
import livechat.command.agent.AgentCommand.ChangeAgentSkills;
import livechat.command.agent.AgentCommand.RegisterAgent;
import livechat.command.agent.AgentCommand.ReleaseAgent;
import livechat.command.agent.AgentCommand.ReserveAgent;
import livechat.command.agent.AgentCommand.SetAgentStatus;
import livechat.events.Actor;
import livechat.events.AgentStatus;
import livechat.events.agent.AgentEvent.AgentCapacityChanged;
import livechat.events.agent.AgentEvent.AgentRegistered;
import livechat.events.agent.AgentEvent.AgentReleased;
import livechat.events.agent.AgentEvent.AgentReserved;
import livechat.events.agent.AgentEvent.AgentSkillsChanged;
import livechat.events.agent.AgentEvent.AgentStatusChanged;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static livechat.command.Violations.violates;

class AgentTest {

    private static final String ID = "a-1";
    private static final Actor SUPERVISOR = Actor.parse("supervisor:s-1");
    private static final Actor SELF = Actor.parse("agent:a-1");
    private static final Actor ROUTING = Actor.system("routing");
    private static final AgentRegistered REGISTERED = new AgentRegistered(ID, "Ada", Set.of("billing"), 2, SUPERVISOR);
    private static final AgentStatusChanged ONLINE = new AgentStatusChanged(ID, AgentStatus.ONLINE, SELF);

    private FixtureConfiguration<Agent> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Agent.class);
    }

    private static ReserveAgent reserve(String conversationId, String skill) {
        return new ReserveAgent(ID, ROUTING, conversationId, "r-" + conversationId, skill);
    }

    private static AgentReserved reserved(String conversationId) {
        return new AgentReserved(ID, conversationId, "r-" + conversationId);
    }

    @Test
    void aSupervisorRegistersAnAgentWhoStartsOffline() {
        fixture.givenNoPriorActivity()
                .when(new RegisterAgent(ID, SUPERVISOR, " Ada ", Set.of("billing"), 2))
                .expectEvents(REGISTERED, new AgentStatusChanged(ID, AgentStatus.OFFLINE, SUPERVISOR));
    }

    @Test
    void onlySupervisorsRegisterAgents() {
        fixture.givenNoPriorActivity()
                .when(new RegisterAgent(ID, SELF, "Ada", Set.of(), 2))
                .expectException(violates("supervisors-manage-agents"));
    }

    @Test
    void registrationChecksNameSkillsAndCapacity() {
        fixture.givenNoPriorActivity().when(new RegisterAgent(ID, SUPERVISOR, " ", Set.of(), 2))
                .expectException(violates("agent-name-length"));
        fixture.givenNoPriorActivity().when(new RegisterAgent(ID, SUPERVISOR, "Ada", Set.of("Billing!"), 2))
                .expectException(violates("skill-format"));
        fixture.givenNoPriorActivity().when(new RegisterAgent(ID, SUPERVISOR, "Ada", Set.of(), 0))
                .expectException(violates("agent-capacity-range"));
        fixture.givenNoPriorActivity().when(new RegisterAgent(ID, SUPERVISOR, "Ada", Set.of(), 51))
                .expectException(violates("agent-capacity-range"));
    }

    @Test
    void supervisorsChangeSkillsAndCapacity() {
        fixture.given(REGISTERED)
                .when(new ChangeAgentSkills(ID, SUPERVISOR, Set.of("billing", "returns")))
                .expectEvents(new AgentSkillsChanged(ID, Set.of("billing", "returns"), SUPERVISOR));
        fixture.given(REGISTERED)
                .when(new ChangeAgentCapacity(ID, SUPERVISOR, 5))
                .expectEvents(new AgentCapacityChanged(ID, 5, SUPERVISOR));
        fixture.given(REGISTERED)
                .when(new ChangeAgentCapacity(ID, SELF, 5))
                .expectException(violates("supervisors-manage-agents"));
    }

    @Test
    void anAgentSetsTheirOwnStatusOnce() {
        fixture.given(REGISTERED)
                .when(new SetAgentStatus(ID, SELF, AgentStatus.ONLINE))
                .expectEvents(ONLINE);
        fixture.given(REGISTERED, ONLINE)
                .when(new SetAgentStatus(ID, SELF, AgentStatus.ONLINE))
                .expectNoEvents();
        fixture.given(REGISTERED)
                .when(new SetAgentStatus(ID, Actor.parse("agent:a-2"), AgentStatus.ONLINE))
                .expectException(violates("status-by-agent-or-supervisor"));
    }

    @Test
    void anOnlineAgentWithTheSkillAndASeatIsReserved() {
        fixture.given(REGISTERED, ONLINE)
                .when(reserve("c-1", "billing"))
                .expectEvents(reserved("c-1"));
    }

    @Test
    void anAgentWhoIsNotOnlineIsNotReserved() {
        fixture.given(REGISTERED)
                .when(reserve("c-1", null))
                .expectNoEvents()
                .expectException(violates("agent-online"));
        fixture.given(REGISTERED, ONLINE, new AgentStatusChanged(ID, AgentStatus.AWAY, SELF))
                .when(reserve("c-1", null))
                .expectException(violates("agent-online"));
    }

    @Test
    void anAgentWithoutTheSkillIsNotReserved() {
        fixture.given(REGISTERED, ONLINE)
                .when(reserve("c-1", "sales"))
                .expectNoEvents()
                .expectException(violates("agent-has-skill"));
    }

    @Test
    void capacityIsNeverExceeded() {
        fixture.given(REGISTERED, ONLINE, reserved("c-1"), reserved("c-2"))
                .when(reserve("c-3", "billing"))
                .expectNoEvents()
                .expectException(violates("agent-capacity"));
    }

    @Test
    void aReleasedSeatCanBeTakenAgain() {
        fixture.given(REGISTERED, ONLINE, reserved("c-1"), reserved("c-2"),
                        new AgentReleased(ID, "c-1", "closed"))
                .when(reserve("c-3", null))
                .expectEvents(reserved("c-3"));
    }

    @Test
    void loweringCapacityBelowTheLoadStopsNewWork() {
        fixture.given(REGISTERED, ONLINE, reserved("c-1"), reserved("c-2"),
                        new AgentCapacityChanged(ID, 1, SUPERVISOR), new AgentReleased(ID, "c-1", "closed"))
                .when(reserve("c-3", null))
                .expectException(violates("agent-capacity"));
    }

    @Test
    void aConversationIsHeldOnce() {
        fixture.given(REGISTERED, ONLINE, reserved("c-1"))
                .when(reserve("c-1", null))
                .expectNoEvents()
                .expectException(violates("agent-already-holds-conversation"));
    }

    @Test
    void releasingIsIdempotent() {
        fixture.given(REGISTERED, ONLINE, reserved("c-1"))
                .when(new ReleaseAgent(ID, ROUTING, "c-1", "closed"))
                .expectEvents(new AgentReleased(ID, "c-1", "closed"));
        fixture.given(REGISTERED, ONLINE, reserved("c-1"), new AgentReleased(ID, "c-1", "closed"))
                .when(new ReleaseAgent(ID, ROUTING, "c-1", "closed"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
