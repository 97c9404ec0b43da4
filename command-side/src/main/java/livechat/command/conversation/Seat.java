package livechat.command.conversation;

import livechat.command.conversation.ConversationCommand.AbandonReservation;
import livechat.command.conversation.ConversationCommand.AssignAgent;
import livechat.command.conversation.ConversationCommand.TransferConversation;
import livechat.command.conversation.ConversationCommand.UnassignAgent;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.events.conversation.ConversationEvent.AgentAssigned;
import livechat.events.conversation.ConversationEvent.AgentUnassigned;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationTransferred;
import livechat.events.conversation.ConversationEvent.ReservationAbandoned;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.util.HashSet;
import java.util.Set;

import static livechat.command.conversation.ConversationRule.AGENT_ALREADY_ASSIGNED;
import static livechat.command.conversation.ConversationRule.CONVERSATION_HAS_AGENT;
import static livechat.command.conversation.ConversationRule.RESERVATION_ABANDONED;
import static livechat.command.conversation.ConversationRule.SUPERVISORS_ONLY;
import static livechat.command.conversation.ConversationRule.TRANSFER_BY_ASSIGNEE_OR_SUPERVISOR;
import static livechat.command.conversation.ConversationRule.TRANSFER_NEEDS_AGENT;
import static livechat.command.conversation.ConversationRule.UNASSIGN_NEEDS_AGENT;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The conversation's agent seat: the one agent who holds it and the reservation of theirs it is held under, the
 * agent who held it at the last close, and the reservations fenced off, which can never become an assignment.
 * A member of the conversation: it handles the fencing off of reservations itself; assignments, transfers and
 * unassignments also need the conversation open, so the conversation handles those, and this class checks the rest
 * and answers the event.
 */
final class Seat {

    private String assignedAgentId;
    private String reservationId;
    private String agentAtLastClose;
    private final Set<String> abandonedReservations = new HashSet<>();

    /** Null while nobody holds the seat. */
    String holder() {
        return assignedAgentId;
    }

    /** Null if nobody held the seat at the last close, or the conversation was never closed. */
    String holderAtLastClose() {
        return agentAtLastClose;
    }

    boolean isHeldBy(Actor actor) {
        return actor.is(Role.AGENT) && actor.id().equals(assignedAgentId);
    }

    boolean wasHeldAtLastCloseBy(Actor actor) {
        return actor.is(Role.AGENT) && actor.id().equals(agentAtLastClose);
    }

    /** An empty seat is filled by routing or by a supervisor. */
    void requireAssignable(Actor actor, String agentId) {
        if (!actor.is(Role.SUPERVISOR) && !actor.is(Role.SYSTEM)) {
            throw SUPERVISORS_ONLY.broken("Agents are assigned by supervisors or by routing.");
        }
        requireEmptyFor(agentId);
    }

    /** A held seat is passed on by its holder or by a supervisor, to another agent. */
    void requireTransferable(Actor actor, String toAgentId) {
        if (assignedAgentId == null) {
            throw TRANSFER_NEEDS_AGENT.broken("Only a conversation with an agent is transferred; assign one instead.");
        }
        if (!isHeldBy(actor) && !actor.is(Role.SUPERVISOR)) {
            throw TRANSFER_BY_ASSIGNEE_OR_SUPERVISOR.broken("Only the assigned agent or a supervisor transfers it.");
        }
        requireNotHeldBy(toAgentId);
    }

    AgentAssigned assign(AssignAgent command) {
        requireEmptyFor(command.agentId());
        requireLive(command.reservationId());
        return new AgentAssigned(command.conversationId(), command.agentId(), command.reservationId(), command.actor());
    }

    ConversationTransferred transfer(TransferConversation command) {
        requireTransferable(command.actor(), command.toAgentId());
        requireLive(command.reservationId());
        return new ConversationTransferred(command.conversationId(), assignedAgentId, command.toAgentId(),
                command.reservationId(), Reason.of(command.reason()).text(), command.actor());
    }

    AgentUnassigned unassign(UnassignAgent command) {
        if (assignedAgentId == null) {
            throw UNASSIGN_NEEDS_AGENT.broken("The conversation has no agent to take off.");
        }
        return new AgentUnassigned(command.conversationId(), assignedAgentId, Reason.of(command.reason()).text(),
                command.actor());
    }

    /**
     * Fences a reservation off: afterwards this conversation refuses it, so giving the agent's seat back cannot race
     * with an assigner that is still on its way. The reservation the seat is held under stays.
     */
    @CommandHandler
    ReservationFence handle(AbandonReservation command) {
        if (command.reservationId().equals(reservationId)) {
            return new ReservationFence(false);
        }
        if (!abandonedReservations.contains(command.reservationId())) {
            apply(new ReservationAbandoned(command.conversationId(), command.agentId(), command.reservationId()));
        }
        return new ReservationFence(true);
    }

    private void requireEmptyFor(String agentId) {
        requireNotHeldBy(agentId);
        if (assignedAgentId != null) {
            throw CONVERSATION_HAS_AGENT.broken("The conversation already has agent " + assignedAgentId
                    + "; transfer it instead.");
        }
    }

    private void requireNotHeldBy(String agentId) {
        if (agentId.equals(assignedAgentId)) {
            throw AGENT_ALREADY_ASSIGNED.broken("Agent " + agentId + " already has this conversation.");
        }
    }

    private void requireLive(String reservation) {
        if (abandonedReservations.contains(reservation)) {
            throw RESERVATION_ABANDONED.broken("The agent's reservation for this conversation was given up; "
                    + "try the assignment again.");
        }
    }

    @EventSourcingHandler
    void on(AgentAssigned event) {
        assignedAgentId = event.agentId();
        reservationId = event.reservationId();
    }

    @EventSourcingHandler
    void on(ConversationTransferred event) {
        assignedAgentId = event.toAgentId();
        reservationId = event.reservationId();
    }

    @EventSourcingHandler
    void on(AgentUnassigned event) {
        assignedAgentId = null;
        reservationId = null;
    }

    @EventSourcingHandler
    void on(ReservationAbandoned event) {
        abandonedReservations.add(event.reservationId());
    }

    @EventSourcingHandler
    void on(ConversationClosed event) {
        agentAtLastClose = event.agentId();
        assignedAgentId = null;
        reservationId = null;
    }
}
