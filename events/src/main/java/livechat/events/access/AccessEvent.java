package livechat.events.access;

import livechat.events.Actor;

/**
 * Reads of one conversation's records by staff, in the order they happened: the access log compliance teams query
 * and every audit bundle carries. Its stream is chained and checkpointed like every other.
 */
public sealed interface AccessEvent {

    String conversationId();

    /** The aggregate id of a conversation's access log. */
    static String logId(String conversationId) {
        return "access:" + conversationId;
    }

    /**
     * {@code reader} read {@code resource} (transcript, transcript-export, audit, audit-verification,
     * audit-export or attachment) of the conversation, for {@code purpose} if they gave one.
     */
    record ConversationRecordsRead(String conversationId, Actor reader, String resource, String purpose)
            implements AccessEvent {
    }
}
