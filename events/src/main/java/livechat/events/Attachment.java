package livechat.events;

/**
 * A file shared in a conversation, by reference: the bytes live in a file store, the event keeps what identifies
 * and verifies them.
 */
public record Attachment(String name, String mediaType, long sizeBytes, String sha256) {
}
