package livechat.command.access;

import livechat.command.ActorCommand;
import livechat.events.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** What is recorded in a conversation's access log: its aggregate id is {@link AccessLog#logId(String)}. */
public sealed interface AccessCommand extends ActorCommand {

    String conversationId();

    @TargetAggregateIdentifier
    default String logId() {
        return AccessLog.logId(conversationId());
    }

    /** {@code actor} is reading {@code resource} of the conversation; {@code purpose} is optional. */
    record RecordConversationRead(String conversationId, Actor actor, String resource, String purpose)
            implements AccessCommand {
    }
}
