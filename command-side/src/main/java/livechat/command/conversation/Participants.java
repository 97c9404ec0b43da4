package livechat.command.conversation;

import livechat.events.Actor;
import livechat.events.Role;

import static livechat.command.conversation.ConversationRule.INTERNAL_NOTES_AGENTS_ONLY;
import static livechat.command.conversation.ConversationRule.ONLY_THE_VISITOR_RATES;
import static livechat.command.conversation.ConversationRule.PARTICIPANTS_ONLY;

/**
 * Who takes part in a conversation (its visitor and the agent holding its seat) and so who may write in it, send
 * receipts, close, reopen and rate it. A view the conversation makes of its own state for the command at hand.
 */
record Participants(String visitorId, Seat seat) {

    boolean isVisitor(Actor actor) {
        return actor.is(Role.VISITOR) && actor.id().equals(visitorId);
    }

    boolean include(Actor actor) {
        return isVisitor(actor) || seat.isHeldBy(actor);
    }

    /** Messages come from the participants; internal notes from the agent holding the seat or a supervisor. */
    void requireWriter(Actor author, boolean internal) {
        if (internal) {
            if (!seat.isHeldBy(author) && !author.is(Role.SUPERVISOR)) {
                throw INTERNAL_NOTES_AGENTS_ONLY.broken("Internal notes are written by the assigned agent or a "
                        + "supervisor; " + author + " is neither.");
            }
        } else if (!include(author)) {
            throw PARTICIPANTS_ONLY.broken("Only the conversation's visitor or the agent assigned to it can send "
                    + "messages; " + author + " is neither.");
        }
    }

    void requireReader(Actor reader) {
        if (!include(reader)) {
            throw PARTICIPANTS_ONLY.broken("Only the visitor or the assigned agent sends read receipts.");
        }
    }

    void requireCloser(Actor actor) {
        if (!include(actor) && !actor.is(Role.SUPERVISOR)) {
            throw PARTICIPANTS_ONLY.broken("Only the conversation's visitor, its assigned agent or a supervisor "
                    + "can close it; " + actor + " is none of these.");
        }
    }

    void requireReopener(Actor actor) {
        if (!isVisitor(actor) && !seat.wasHeldAtLastCloseBy(actor) && !actor.is(Role.SUPERVISOR)) {
            throw PARTICIPANTS_ONLY.broken("Only the visitor, the agent who had it at the close or a supervisor "
                    + "reopens a conversation.");
        }
    }

    void requireRater(Actor actor) {
        if (!isVisitor(actor)) {
            throw ONLY_THE_VISITOR_RATES.broken("Only the conversation's visitor rates it.");
        }
    }
}
