package livechat.command.conversation;

import livechat.command.ActorCommand;
import livechat.events.Actor;
import livechat.events.Attachment;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What someone asks a conversation to do. The aggregate decides; a refusal is a {@code RuleViolation}. */
public sealed interface ConversationCommand extends ActorCommand {

    String conversationId();


    record StartConversation(@TargetAggregateIdentifier String conversationId, Actor actor, String topic,
                             String requiredSkill) implements ConversationCommand {
    }

    /**
     * {@code messageId} is the id the message gets if it is new; a resend of a known {@code clientMessageId}
     * answers with the id and sequence the message got the first time.
     */
    record SendMessage(@TargetAggregateIdentifier String conversationId, Actor actor, String clientMessageId,
                       String messageId, String text, boolean internal, List<Attachment> attachments,
                       String cannedResponseKey) implements ConversationCommand {

        public SendMessage {
            // Null entries are kept so the aggregate can refuse them by rule instead of failing here.
            attachments = attachments == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(attachments));
        }

        public SendMessage(String conversationId, Actor actor, String clientMessageId, String messageId, String text,
                           boolean internal) {
            this(conversationId, actor, clientMessageId, messageId, text, internal, List.of(), null);
        }
    }

    record EditMessage(@TargetAggregateIdentifier String conversationId, Actor actor, String messageId, String text,
                       String reason) implements ConversationCommand {
    }

    record RedactMessage(@TargetAggregateIdentifier String conversationId, Actor actor, String messageId,
                         String reason) implements ConversationCommand {
    }

    record MarkSeen(@TargetAggregateIdentifier String conversationId, Actor actor, long upToSequence)
            implements ConversationCommand {
    }

    /** Checks that {@code agentId} could take the conversation now and answers the skill it requires. */
    record PrepareAssignment(@TargetAggregateIdentifier String conversationId, Actor actor, String agentId,
                             boolean transfer) implements ConversationCommand {
    }

    record AssignAgent(@TargetAggregateIdentifier String conversationId, Actor actor, String agentId,
                       String reservationId) implements ConversationCommand {
    }

    record TransferConversation(@TargetAggregateIdentifier String conversationId, Actor actor, String toAgentId,
                                String reservationId, String reason) implements ConversationCommand {
    }

    /** Answers the SeatFreed: the agent taken off. */
    record UnassignAgent(@TargetAggregateIdentifier String conversationId, Actor actor, String reason)
            implements ConversationCommand {
    }

    /** Voids a reservation that did not become an assignment; answers whether it was voided (a ReservationFence). */
    record AbandonReservation(@TargetAggregateIdentifier String conversationId, Actor actor, String agentId,
                              String reservationId) implements ConversationCommand {
    }

    /** Answers the SeatFreed: the agent who held the conversation at the close, if any. */
    record CloseConversation(@TargetAggregateIdentifier String conversationId, Actor actor, String reason)
            implements ConversationCommand {
    }

    record ReopenConversation(@TargetAggregateIdentifier String conversationId, Actor actor, String reason)
            implements ConversationCommand {
    }

    record RateConversation(@TargetAggregateIdentifier String conversationId, Actor actor, int score,
                            String comment) implements ConversationCommand {
    }

    record TagConversation(@TargetAggregateIdentifier String conversationId, Actor actor, String tag)
            implements ConversationCommand {
    }

    record UntagConversation(@TargetAggregateIdentifier String conversationId, Actor actor, String tag)
            implements ConversationCommand {
    }

    record OpenDispute(@TargetAggregateIdentifier String conversationId, Actor actor, String disputeId,
                       String reason) implements ConversationCommand {
    }

    record AddDisputeEvidence(@TargetAggregateIdentifier String conversationId, Actor actor, String disputeId,
                              String note) implements ConversationCommand {
    }

    record ResolveDispute(@TargetAggregateIdentifier String conversationId, Actor actor, String disputeId,
                          String outcome, String note) implements ConversationCommand {
    }

    /** Keep the conversation's content from any erasure, for {@code reason}, until the hold is released. */
    record PlaceLegalHold(@TargetAggregateIdentifier String conversationId, Actor actor, String reason)
            implements ConversationCommand {
    }

    record ReleaseLegalHold(@TargetAggregateIdentifier String conversationId, Actor actor, String reason)
            implements ConversationCommand {
    }
}
