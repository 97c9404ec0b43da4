package livechat.events;

import livechat.events.privacy.KeyScope;
import livechat.events.privacy.PersonalData;

/**
 * A file shared in a conversation, by reference: the bytes live in a file store, the event keeps what identifies
 * and verifies them. Its name is sealed with the message that carries it.
 */
public record Attachment(@PersonalData(KeyScope.ENCLOSING) String name, String mediaType, long sizeBytes,
                         String sha256) {
}
