package livechat.command.agent;

import livechat.command.agent.AgentCommand.ChangeAgentCapacity;
import livechat.command.agent.AgentCommand.ChangeAgentSkills;
import livechat.command.agent.AgentCommand.RegisterAgent;
import livechat.command.agent.AgentCommand.ReleaseAgent;
import livechat.command.agent.AgentCommand.ReserveAgent;
import livechat.command.agent.AgentCommand.SetAgentStatus;
import livechat.events.Actor;
import livechat.events.AgentStatus;
import livechat.events.Role;
import livechat.events.agent.AgentEvent.AgentCapacityChanged;
import livechat.events.agent.AgentEvent.AgentRegistered;
import livechat.events.agent.AgentEvent.AgentReleased;
import livechat.events.agent.AgentEvent.AgentReserved;
import livechat.events.agent.AgentEvent.AgentSkillsChanged;
import livechat.events.agent.AgentEvent.AgentStatusChanged;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static livechat.command.agent.AgentRule.AGENT_ALREADY_HOLDS;
import static livechat.command.agent.AgentRule.AGENT_CAPACITY;
import static livechat.command.agent.AgentRule.AGENT_CAPACITY_RANGE;
import static livechat.command.agent.AgentRule.AGENT_HAS_SKILL;
import static livechat.command.agent.AgentRule.AGENT_NAME_LENGTH;
import static livechat.command.agent.AgentRule.AGENT_ONLINE;
import static livechat.command.agent.AgentRule.AGENT_STATUS;
import static livechat.command.agent.AgentRule.STATUS_BY_AGENT_OR_SUPERVISOR;
import static livechat.command.agent.AgentRule.SUPERVISORS_MANAGE_AGENTS;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A support agent and the conversations they hold. The only place capacity is decided: every assignment first
 * reserves a seat here, and reservations on one agent are serialized by its event stream, so no interleaving of
 * concurrent assignments or transfers can give an agent more open conversations than its capacity.
 */
public class Agent {

    static final int MAX_CAPACITY = 50;
    static final int MAX_NAME_LENGTH = 100;

    @AggregateIdentifier
    private String agentId;
    private AgentStatus status;
    private Set<String> skills;
    private int capacity;
    /** conversation id -> the reservation that holds its seat */
    private final Map<String, String> held = new HashMap<>();

    protected Agent() {
        // Axon rebuilds the aggregate from its events through this constructor.
    }

    @CommandHandler
    public Agent(RegisterAgent command) {
        requireSupervisor(command.actor());
        String name = command.name() == null ? "" : command.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw AGENT_NAME_LENGTH.broken("An agent's name is 1 to " + MAX_NAME_LENGTH + " characters.");
        }
        apply(new AgentRegistered(command.agentId(), name, skills(command.skills()), capacity(command.capacity()),
                command.actor()));
        apply(new AgentStatusChanged(command.agentId(), AgentStatus.OFFLINE, command.actor()));
    }

    @CommandHandler
    public void handle(ChangeAgentSkills command) {
        requireSupervisor(command.actor());
        Set<String> changed = skills(command.skills());
        if (!changed.equals(skills)) {
            apply(new AgentSkillsChanged(agentId, changed, command.actor()));
        }
    }

    /** Lowering capacity below the current load keeps the held conversations; only new ones wait. */
    @CommandHandler
    public void handle(ChangeAgentCapacity command) {
        requireSupervisor(command.actor());
        int changed = capacity(command.capacity());
        if (changed != capacity) {
            apply(new AgentCapacityChanged(agentId, changed, command.actor()));
        }
    }

    @CommandHandler
    public void handle(SetAgentStatus command) {
        Actor actor = command.actor();
        boolean self = actor.is(Role.AGENT) && actor.id().equals(agentId);
        if (!self && !actor.is(Role.SUPERVISOR)) {
            throw STATUS_BY_AGENT_OR_SUPERVISOR.broken("An agent's status is set by the agent or a supervisor.");
        }
        if (command.status() == null) {
            throw AGENT_STATUS.broken("A status is one of ONLINE, AWAY, OFFLINE.");
        }
        if (command.status() != status) {
            apply(new AgentStatusChanged(agentId, command.status(), actor));
        }
    }

    @CommandHandler
    public void handle(ReserveAgent command) {
        if (held.containsKey(command.conversationId())) {
            throw AGENT_ALREADY_HOLDS.broken("Agent " + agentId + " already has this conversation.");
        }
        if (status != AgentStatus.ONLINE) {
            throw AGENT_ONLINE.broken("Agent " + agentId + " is " + status + "; only ONLINE agents take "
                    + "conversations.");
        }
        if (command.requiredSkill() != null && !skills.contains(command.requiredSkill())) {
            throw AGENT_HAS_SKILL.broken("Agent " + agentId + " lacks the skill '" + command.requiredSkill()
                    + "' this conversation requires.");
        }
        if (held.size() >= capacity) {
            throw AGENT_CAPACITY.broken("Agent " + agentId + " already holds " + held.size() + " of "
                    + capacity + " conversations.");
        }
        apply(new AgentReserved(agentId, command.conversationId(), command.reservationId()));
    }

    @CommandHandler
    public void handle(ReleaseAgent command) {
        if (held.containsKey(command.conversationId())) {
            apply(new AgentReleased(agentId, command.conversationId(), command.reason()));
        }
    }

    private static void requireSupervisor(Actor actor) {
        if (!actor.is(Role.SUPERVISOR)) {
            throw SUPERVISORS_MANAGE_AGENTS.broken("Agents are registered and changed by supervisors.");
        }
    }

    private static Set<String> skills(Set<String> requested) {
        Set<String> normalized = new TreeSet<>();
        for (String skill : requested == null ? Set.<String>of() : requested) {
            normalized.add(Skill.of(skill).name());
        }
        return normalized;
    }

    private static int capacity(int requested) {
        if (requested < 1 || requested > MAX_CAPACITY) {
            throw AGENT_CAPACITY_RANGE.broken("An agent's capacity is 1 to " + MAX_CAPACITY
                    + " concurrent conversations.");
        }
        return requested;
    }

    @EventSourcingHandler
    void on(AgentRegistered event) {
        agentId = event.agentId();
        skills = event.skills();
        capacity = event.capacity();
    }

    @EventSourcingHandler
    void on(AgentSkillsChanged event) {
        skills = event.skills();
    }

    @EventSourcingHandler
    void on(AgentCapacityChanged event) {
        capacity = event.capacity();
    }

    @EventSourcingHandler
    void on(AgentStatusChanged event) {
        status = event.status();
    }

    @EventSourcingHandler
    void on(AgentReserved event) {
        held.put(event.conversationId(), event.reservationId());
    }

    @EventSourcingHandler
    void on(AgentReleased event) {
        held.remove(event.conversationId());
    }
}
