package livechat.command.conversation;

import livechat.events.conversation.ConversationEvent.MessageSent;

import java.util.Optional;

/**
 * What a conversation looks up in its own past instead of keeping it in memory: the message written at a sequence of
 * its event stream. A {@link Conversation} holds only hashes of message ids; this tells whether a hash hit is the
 * message asked for.
 */
public interface ConversationHistory {

    /** The {@code MessageSent} at {@code sequence} of the conversation's stream; empty if that event is another. */
    Optional<MessageSent> messageAt(String conversationId, long sequence);
}
