package livechat.events.conversation;

import livechat.events.Actor;

/**
 * Everything that happens to one conversation. Each record is one fact, in the past tense; the event store keeps
 * them forever, so fields are only ever added (with an upcaster when their meaning changes), never repurposed.
 */
public sealed interface ConversationEvent {

    String conversationId();

    /** A visitor opened a conversation; {@code requiredSkill} may be null when any agent will do. */
    record ConversationStarted(String conversationId, String visitorId, String topic, String requiredSkill)
            implements ConversationEvent {
    }

    /**
     * A participant's message was accepted. {@code clientMessageId} is the sender's idempotency key;
     * {@code internal} marks an agent-only note.
     */
    record MessageSent(String conversationId, String messageId, String clientMessageId, Actor author, String text,
                       boolean internal) implements ConversationEvent {
    }

    record ConversationClosed(String conversationId, Actor closedBy, String reason) implements ConversationEvent {
    }
}
