package livechat.command.conversation;

import livechat.command.conversation.ConversationCommand.PlaceLegalHold;
import livechat.command.conversation.ConversationCommand.ReleaseLegalHold;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.events.conversation.ConversationEvent.LegalHoldPlaced;
import livechat.events.conversation.ConversationEvent.LegalHoldReleased;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

import static livechat.command.conversation.ConversationRule.LEGAL_HOLD_BY_SUPERVISOR_OR_AUDITOR;
import static livechat.command.conversation.ConversationRule.LEGAL_HOLD_PLACED;
import static livechat.command.conversation.ConversationRule.LEGAL_HOLD_REASON_REQUIRED;
import static livechat.command.conversation.ConversationRule.NO_LEGAL_HOLD;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Whether the conversation is under legal hold, placed (with a reason) and released by supervisors and auditors,
 * open or closed. A member of the conversation; the erasure of its visitor asks for it (DataSubject).
 */
final class LegalHold {

    private boolean legalHold;

    @CommandHandler
    void handle(PlaceLegalHold command) {
        requireHolder(command.actor());
        Reason reason = Reason.of(command.reason());
        if (!reason.given()) {
            throw LEGAL_HOLD_REASON_REQUIRED.broken("A legal hold is placed with a reason.");
        }
        if (legalHold) {
            throw LEGAL_HOLD_PLACED.broken("The conversation is already under legal hold.");
        }
        apply(new LegalHoldPlaced(command.conversationId(), reason.text(), command.actor()));
    }

    /** The reason for a release is optional: the hold's own reason says why it was kept. */
    @CommandHandler
    void handle(ReleaseLegalHold command) {
        requireHolder(command.actor());
        Reason reason = Reason.of(command.reason());
        if (!legalHold) {
            throw NO_LEGAL_HOLD.broken("The conversation is not under legal hold.");
        }
        apply(new LegalHoldReleased(command.conversationId(), reason.text(), command.actor()));
    }

    private static void requireHolder(Actor actor) {
        if (!actor.is(Role.SUPERVISOR) && !actor.is(Role.AUDITOR)) {
            throw LEGAL_HOLD_BY_SUPERVISOR_OR_AUDITOR.broken("A legal hold is placed and released by supervisors "
                    + "and auditors.");
        }
    }

    @EventSourcingHandler
    void on(LegalHoldPlaced event) {
        legalHold = true;
    }

    @EventSourcingHandler
    void on(LegalHoldReleased event) {
        legalHold = false;
    }
}
