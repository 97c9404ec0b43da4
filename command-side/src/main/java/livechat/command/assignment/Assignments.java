package livechat.command.assignment;

import livechat.command.agent.AgentCommand.ReleaseAgent;
import livechat.command.agent.AgentCommand.ReserveAgent;
import livechat.command.agent.AgentRule;
import livechat.command.conversation.AssignmentPlan;
import livechat.command.conversation.ConversationCommand.AssignAgent;
import livechat.command.conversation.ConversationCommand.CloseConversation;
import livechat.command.conversation.ConversationCommand.PrepareAssignment;
import livechat.command.conversation.ConversationCommand.TransferConversation;
import livechat.command.conversation.ConversationCommand.UnassignAgent;
import livechat.command.conversation.SeatFreed;
import livechat.events.Actor;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * Moves conversations between agents in steps that each touch one aggregate, so it works the same on an event
 * store that cannot append to two streams atomically (KurrentDB):
 * <ol>
 *     <li>the conversation checks the move is allowed and names the skill it needs;</li>
 *     <li>the agent reserves a seat (the capacity check, serialized per agent);</li>
 *     <li>the conversation records the assignment under that reservation;</li>
 *     <li>a refused step 3 gives the seat back; a move away from an agent gives that agent's seat back.</li>
 * </ol>
 * If this process dies between steps, the {@link Dispatcher} finishes the bookkeeping from the event log: a seat is
 * only ever held too long, never given twice, so capacity is never exceeded.
 */
public class Assignments {

    private static final Logger log = LoggerFactory.getLogger(Assignments.class);

    private final CommandGateway commands;

    public Assignments(CommandGateway commands) {
        this.commands = commands;
    }

    /** Answers the reservation the agent's seat is held under. */
    public String assign(String conversationId, String agentId, Actor actor) {
        AssignmentPlan plan = commands.sendAndWait(new PrepareAssignment(conversationId, actor, agentId, false));
        String reservationId = reserve(plan, agentId, actor);
        try {
            commands.sendAndWait(new AssignAgent(conversationId, actor, agentId, reservationId));
        } catch (RuntimeException refused) {
            release(agentId, conversationId, "assignment refused");
            throw refused;
        }
        return reservationId;
    }

    public void transfer(String conversationId, String toAgentId, String reason, Actor actor) {
        AssignmentPlan plan = commands.sendAndWait(new PrepareAssignment(conversationId, actor, toAgentId, true));
        String reservationId = reserve(plan, toAgentId, actor);
        try {
            commands.sendAndWait(new TransferConversation(conversationId, actor, toAgentId, reservationId, reason));
        } catch (RuntimeException refused) {
            release(toAgentId, conversationId, "transfer refused");
            throw refused;
        }
        release(plan.currentAgentId(), conversationId, "transferred");
    }

    public void unassign(String conversationId, String reason, Actor actor) {
        SeatFreed freed = commands.sendAndWait(new UnassignAgent(conversationId, actor, reason));
        release(freed.agentId(), conversationId, "unassigned");
    }

    public void close(String conversationId, String reason, Actor actor) {
        SeatFreed freed = commands.sendAndWait(new CloseConversation(conversationId, actor, reason));
        if (freed.agentId() != null) {
            release(freed.agentId(), conversationId, "closed");
        }
    }

    private String reserve(AssignmentPlan plan, String agentId, Actor actor) {
        String reservationId = UUID.randomUUID().toString();
        try {
            commands.sendAndWait(new ReserveAgent(agentId, actor, plan.conversationId(), reservationId,
                    plan.requiredSkill()));
        } catch (AggregateNotFoundException unknown) {
            throw AgentRule.AGENT_REGISTERED.broken("There is no registered agent " + agentId + ".");
        }
        return reservationId;
    }

    /**
     * Gives a seat back. A failure here is logged, not thrown: the move itself is already recorded, and the
     * dispatcher releases seats of conversations an agent no longer has.
     */
    private void release(String agentId, String conversationId, String reason) {
        try {
            commands.sendAndWait(new ReleaseAgent(agentId, Dispatcher.ROUTING, conversationId, reason));
        } catch (RuntimeException e) {
            log.warn("Could not release agent {} from conversation {} yet; the dispatcher will", agentId,
                    conversationId, e);
        }
    }
}
