package livechat.command.conversation;

import livechat.events.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** What someone asks a conversation to do. The aggregate decides; a refusal is a {@code RuleViolation}. */
public sealed interface ConversationCommand {

    String conversationId();

    Actor actor();

    record StartConversation(@TargetAggregateIdentifier String conversationId, Actor actor, String topic,
                             String requiredSkill) implements ConversationCommand {
    }

    /**
     * {@code messageId} is the id the message gets if it is new; a resend of a known {@code clientMessageId}
     * answers with the id and sequence the message got the first time.
     */
    record SendMessage(@TargetAggregateIdentifier String conversationId, Actor actor, String clientMessageId,
                       String messageId, String text, boolean internal) implements ConversationCommand {
    }

    record CloseConversation(@TargetAggregateIdentifier String conversationId, Actor actor, String reason)
            implements ConversationCommand {
    }
}
