package livechat.command.agent;

import livechat.command.ActorCommand;
import livechat.events.Actor;
import livechat.events.AgentStatus;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Set;

/** What supervisors, agents and the assigner ask of an agent. */
public sealed interface AgentCommand extends ActorCommand {

    String agentId();


    record RegisterAgent(@TargetAggregateIdentifier String agentId, Actor actor, String name, Set<String> skills,
                         int capacity) implements AgentCommand {
    }

    record ChangeAgentSkills(@TargetAggregateIdentifier String agentId, Actor actor, Set<String> skills)
            implements AgentCommand {
    }

    record ChangeAgentCapacity(@TargetAggregateIdentifier String agentId, Actor actor, int capacity)
            implements AgentCommand {
    }

    record SetAgentStatus(@TargetAggregateIdentifier String agentId, Actor actor, AgentStatus status)
            implements AgentCommand {
    }

    /** Takes a seat of the agent's capacity for a conversation that requires {@code requiredSkill} (may be null). */
    record ReserveAgent(@TargetAggregateIdentifier String agentId, Actor actor, String conversationId,
                        String reservationId, String requiredSkill) implements AgentCommand {
    }

    /** Gives a conversation's seat back; releasing a conversation the agent does not hold changes nothing. */
    record ReleaseAgent(@TargetAggregateIdentifier String agentId, Actor actor, String conversationId,
                        String reason) implements AgentCommand {
    }
}
