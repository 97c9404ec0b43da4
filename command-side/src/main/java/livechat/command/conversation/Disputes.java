package livechat.command.conversation;

import livechat.command.conversation.ConversationCommand.AddDisputeEvidence;
import livechat.command.conversation.ConversationCommand.OpenDispute;
import livechat.command.conversation.ConversationCommand.ResolveDispute;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.events.conversation.ConversationEvent.DisputeEvidenceAdded;
import livechat.events.conversation.ConversationEvent.DisputeOpened;
import livechat.events.conversation.ConversationEvent.DisputeResolved;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.util.HashSet;
import java.util.Set;

import static livechat.command.conversation.ConversationRule.DISPUTE_NOT_FOUND;
import static livechat.command.conversation.ConversationRule.DISPUTE_OPEN;
import static livechat.command.conversation.ConversationRule.DISPUTE_PARTIES;
import static livechat.command.conversation.ConversationRule.ONE_OPEN_DISPUTE;
import static livechat.command.conversation.ConversationRule.SUPERVISORS_RESOLVE_DISPUTES;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The disputes raised over a conversation, whether it is open or closed; at most one dispute is open at a time.
 * Disputes are opened and argued by the conversation's visitor, agents or supervisors, and resolved by a supervisor.
 * A member of the conversation: it handles resolutions itself; opening and evidence also ask whether the actor is
 * the conversation's visitor, so the conversation handles those, and this class checks the rest and answers the
 * event.
 */
final class Disputes {

    private String openDisputeId;
    private final Set<String> disputeIds = new HashSet<>();

    /** @param byTheVisitor whether the actor is this conversation's visitor, which only the conversation knows */
    DisputeOpened open(OpenDispute command, boolean byTheVisitor) {
        requireParty(command.actor(), byTheVisitor);
        if (openDisputeId != null) {
            throw ONE_OPEN_DISPUTE.broken("Dispute " + openDisputeId + " is still open on this conversation.");
        }
        if (disputeIds.contains(command.disputeId())) {
            throw ONE_OPEN_DISPUTE.broken("Dispute " + command.disputeId() + " already exists.");
        }
        return new DisputeOpened(command.conversationId(), command.disputeId(), DisputeText.of(command.reason()).text(),
                command.actor());
    }

    /** @param byTheVisitor whether the actor is this conversation's visitor, which only the conversation knows */
    DisputeEvidenceAdded addEvidence(AddDisputeEvidence command, boolean byTheVisitor) {
        requireParty(command.actor(), byTheVisitor);
        requireOpen(command.disputeId());
        return new DisputeEvidenceAdded(command.conversationId(), command.disputeId(),
                DisputeText.of(command.note()).text(), command.actor());
    }

    @CommandHandler
    void handle(ResolveDispute command) {
        if (!command.actor().is(Role.SUPERVISOR)) {
            throw SUPERVISORS_RESOLVE_DISPUTES.broken("Only a supervisor resolves a dispute.");
        }
        requireOpen(command.disputeId());
        DisputeOutcome outcome = DisputeOutcome.of(command.outcome());
        DisputeText note = DisputeText.resolutionNote(command.note());
        apply(new DisputeResolved(command.conversationId(), command.disputeId(), outcome.wireName(), note.text(),
                command.actor()));
    }

    private static void requireParty(Actor actor, boolean byTheVisitor) {
        if (!byTheVisitor && !actor.is(Role.AGENT) && !actor.is(Role.SUPERVISOR)) {
            throw DISPUTE_PARTIES.broken("Disputes are opened and argued by the visitor, agents or supervisors.");
        }
    }

    private void requireOpen(String disputeId) {
        if (!disputeIds.contains(disputeId)) {
            throw DISPUTE_NOT_FOUND.broken("There is no dispute " + disputeId + " on this conversation.");
        }
        if (!disputeId.equals(openDisputeId)) {
            throw DISPUTE_OPEN.broken("Dispute " + disputeId + " is already resolved.");
        }
    }

    @EventSourcingHandler
    void on(DisputeOpened event) {
        disputeIds.add(event.disputeId());
        openDisputeId = event.disputeId();
    }

    @EventSourcingHandler
    void on(DisputeResolved event) {
        openDisputeId = null;
    }
}
