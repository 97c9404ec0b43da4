package livechat.command.canned;

import livechat.command.ActorCommand;
import livechat.events.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Managing the shared library of predefined replies, and sending one. */
public sealed interface CannedResponseCommand extends ActorCommand {


    record SaveCannedResponse(@TargetAggregateIdentifier String key, Actor actor, String title, String text)
            implements CannedResponseCommand {
    }

    record RemoveCannedResponse(@TargetAggregateIdentifier String key, Actor actor)
            implements CannedResponseCommand {
    }

    /** An agent sends the canned response {@code key} into a conversation, as a message of their own. */
    record SendCannedResponse(String conversationId, Actor actor, String clientMessageId, String messageId,
                              String key) implements CannedResponseCommand {
    }
}
