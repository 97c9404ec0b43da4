package livechat.events.conversation;

import livechat.events.Actor;
import livechat.events.Attachment;
import livechat.events.privacy.PersonalData;

import java.util.List;

import static livechat.events.privacy.KeyScope.MESSAGE;
import static livechat.events.privacy.KeyScope.SENT_MESSAGE;
import static livechat.events.privacy.KeyScope.SUBJECT;

/**
 * Everything that happens to one conversation. Each record is one fact, in the past tense; the event store keeps
 * them forever, so fields are only ever added (with an upcaster when their meaning changes), never repurposed.
 * Components marked {@link PersonalData} are stored sealed under the visitor's or the message's data key.
 */
public sealed interface ConversationEvent {

    String conversationId();

    /** A visitor opened a conversation; {@code requiredSkill} may be null when any agent will do. */
    record ConversationStarted(String conversationId, String visitorId, @PersonalData(SUBJECT) String topic,
                               String requiredSkill)
            implements ConversationEvent {
    }

    /** The conversation waits for an agent; {@code reason} is {@code started}, {@code reopened} or {@code unassigned}. */
    record ConversationQueued(String conversationId, String requiredSkill, String reason)
            implements ConversationEvent {
    }

    /**
     * An agent took the conversation. {@code reservationId} is the capacity the agent reserved for it
     * (see {@code AgentEvent.AgentReserved}); {@code assignedBy} is a supervisor or {@code system:routing}.
     */
    record AgentAssigned(String conversationId, String agentId, String reservationId, Actor assignedBy)
            implements ConversationEvent {
    }

    /** The conversation moved from one agent to another in one step. */
    record ConversationTransferred(String conversationId, String fromAgentId, String toAgentId, String reservationId,
                                   String reason, Actor transferredBy) implements ConversationEvent {
    }

    /** The assigned agent was taken off the conversation; it goes back to the queue. */
    record AgentUnassigned(String conversationId, String agentId, String reason, Actor unassignedBy)
            implements ConversationEvent {
    }

    /**
     * A reservation that never turned into an assignment (its assigner stopped half way) is void: the conversation
     * will refuse it from now on, so the agent's capacity can be given back safely.
     */
    record ReservationAbandoned(String conversationId, String agentId, String reservationId)
            implements ConversationEvent {
    }

    /**
     * A participant's message was accepted. {@code clientMessageId} is the sender's idempotency key;
     * {@code internal} marks an agent-only note; {@code cannedResponseKey} names the canned response it came from.
     */
    record MessageSent(String conversationId, String messageId, String clientMessageId, Actor author,
                       @PersonalData(MESSAGE) String text, boolean internal,
                       @PersonalData(MESSAGE) List<Attachment> attachments, String cannedResponseKey)
            implements ConversationEvent {

        public MessageSent {
            attachments = attachments == null ? List.of() : List.copyOf(attachments);
        }

        public MessageSent(String conversationId, String messageId, String clientMessageId, Actor author, String text,
                           boolean internal) {
            this(conversationId, messageId, clientMessageId, author, text, internal, List.of(), null);
        }
    }

    /**
     * A message's text was replaced; the original stays in the log. {@code messageSequence} is the sequence of the
     * {@link MessageSent}, so readers find the message without searching for its id; null in events stored before
     * it was recorded.
     */
    record MessageEdited(String conversationId, String messageId, Long messageSequence,
                         @PersonalData(SENT_MESSAGE) String text, String reason, Actor editedBy)
            implements ConversationEvent {
    }

    /**
     * A message's content is withdrawn from view; the original stays in the log for auditors.
     * {@code messageSequence} as in {@link MessageEdited}.
     */
    record MessageRedacted(String conversationId, String messageId, Long messageSequence, String reason,
                           Actor redactedBy) implements ConversationEvent {
    }

    /** {@code reader} has seen everything up to and including {@code upToSequence}. */
    record MessagesSeen(String conversationId, Actor reader, long upToSequence) implements ConversationEvent {
    }

    /** {@code agentId} is who was assigned at the close (null if nobody): CSAT is credited to them. */
    record ConversationClosed(String conversationId, Actor closedBy, String reason, String agentId)
            implements ConversationEvent {

        public ConversationClosed(String conversationId, Actor closedBy, String reason) {
            this(conversationId, closedBy, reason, null);
        }
    }

    /** A closed conversation is open again: a new open period begins. */
    record ConversationReopened(String conversationId, Actor reopenedBy, String reason) implements ConversationEvent {
    }

    /** The visitor rated the open period that ended with the last close; {@code agentId} was assigned at that close. */
    record ConversationRated(String conversationId, int score, @PersonalData(SUBJECT) String comment, String agentId)
            implements ConversationEvent {
    }

    record ConversationTagged(String conversationId, String tag, Actor taggedBy) implements ConversationEvent {
    }

    record ConversationUntagged(String conversationId, String tag, Actor untaggedBy) implements ConversationEvent {
    }

    record DisputeOpened(String conversationId, String disputeId, @PersonalData(SUBJECT) String reason,
                         Actor openedBy)
            implements ConversationEvent {
    }

    record DisputeEvidenceAdded(String conversationId, String disputeId, @PersonalData(SUBJECT) String note,
                                Actor addedBy)
            implements ConversationEvent {
    }

    /** {@code outcome} is how the dispute ended, e.g. {@code upheld}, {@code rejected}, {@code settled}. */
    record DisputeResolved(String conversationId, String disputeId, String outcome,
                           @PersonalData(SUBJECT) String note, Actor resolvedBy)
            implements ConversationEvent {
    }

    /**
     * The conversation is under legal hold: its content must be kept, so neither an erasure of its visitor nor
     * retention forgets it until the hold is released. {@code reason} is staff's, never personal data.
     */
    record LegalHoldPlaced(String conversationId, String reason, Actor placedBy) implements ConversationEvent {
    }

    /** The legal hold is lifted: the conversation's content may be forgotten again. */
    record LegalHoldReleased(String conversationId, String reason, Actor releasedBy) implements ConversationEvent {
    }
}
