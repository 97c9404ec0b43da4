package livechat.api.store;

import livechat.events.Attachment;
import livechat.events.conversation.ConversationEvent.MessageRedacted;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.events.privacy.DataKeys;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.Message;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What a redaction destroys once it is in the log: the message's keys, so its text, edits and attachment names are
 * unreadable, and the files it carried that no other message of its conversation, not itself redacted, still
 * carries. Those lose the conversation's reference, and a file no conversation references any more is deleted
 * ({@link AttachmentStore#forget}). Doing it again finds nothing more to destroy.
 */
public class MessageRedactions {

    private final DataKeys keys;
    private final AttachmentStore attachments;
    private final Supplier<EventStore> events;

    MessageRedactions(DataKeys keys, AttachmentStore attachments, Supplier<EventStore> events) {
        this.keys = keys;
        this.attachments = attachments;
        this.events = events;
    }

    /**
     * Destroys what the redaction of {@code messageId} takes away. Blocking: reads the conversation's events.
     *
     * @return how many files were deleted
     */
    public int destroy(String conversationId, String messageId) {
        keys.destroyMessageKey(conversationId, messageId);
        Map<String, Set<String>> carried = new HashMap<>();
        Set<String> redacted = new HashSet<>();
        events.get().readEvents(conversationId, 0).asStream().map(Message::getPayload).forEach(payload -> {
            if (payload instanceof MessageSent sent) {
                carried.put(sent.messageId(), sent.attachments().stream().map(Attachment::sha256)
                        .collect(Collectors.toSet()));
            } else if (payload instanceof MessageRedacted redaction) {
                redacted.add(redaction.messageId());
            }
        });
        Set<String> gone = new HashSet<>(carried.getOrDefault(messageId, Set.of()));
        carried.forEach((message, files) -> {
            if (!message.equals(messageId) && !redacted.contains(message)) {
                gone.removeAll(files);
            }
        });
        return gone.isEmpty() ? 0 : attachments.forget(conversationId, gone);
    }
}
