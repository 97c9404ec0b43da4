package livechat.command.conversation;

import livechat.command.Limits;
import livechat.events.Attachment;

import java.util.List;
import java.util.regex.Pattern;

import static livechat.command.conversation.ConversationRule.ATTACHMENT_LIMITS;
import static livechat.command.conversation.ConversationRule.MESSAGE_TEXT_LENGTH;

/** What a message may carry, checked alike when it is sent and when it is edited. */
final class MessageContent {

    private static final long MAX_ATTACHMENT_BYTES = Limits.ATTACHMENT_MIB * 1024L * 1024;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private MessageContent() {
    }

    /**
     * Trims {@code text} and checks it: 1 to {@link Limits#TEXT} characters, or none at all when attachments carry
     * the message.
     */
    static String text(String text, boolean hasAttachments) {
        String trimmed = Trimmed.of(text);
        int length = trimmed.codePointCount(0, trimmed.length());
        if ((length == 0 && !hasAttachments) || length > Limits.TEXT) {
            throw MESSAGE_TEXT_LENGTH.broken("A message has 1 to " + Limits.TEXT
                    + " characters after trimming (or only attachments); this one has " + length + ".");
        }
        return trimmed;
    }

    static void attachments(List<Attachment> attachments) {
        if (attachments.size() > Limits.ATTACHMENTS) {
            throw ATTACHMENT_LIMITS.broken("A message carries at most " + Limits.ATTACHMENTS + " attachments.");
        }
        for (Attachment attachment : attachments) {
            if (attachment == null) {
                throw ATTACHMENT_LIMITS.broken("An attachment has a name, a media type, a size and a SHA-256.");
            }
            String name = attachment.name();
            if (name == null || name.isBlank() || name.length() > Limits.ATTACHMENT_NAME) {
                throw ATTACHMENT_LIMITS.broken("An attachment's name is 1 to " + Limits.ATTACHMENT_NAME
                        + " characters.");
            }
            if (attachment.mediaType() == null || !Limits.ATTACHMENT_TYPES.contains(attachment.mediaType())) {
                throw ATTACHMENT_LIMITS.broken("Attachments are one of " + Limits.ATTACHMENT_TYPES.stream().sorted().toList()
                        + "; '" + attachment.mediaType() + "' is not.");
            }
            if (attachment.sizeBytes() < 1 || attachment.sizeBytes() > MAX_ATTACHMENT_BYTES) {
                throw ATTACHMENT_LIMITS.broken("An attachment has 1 byte to " + Limits.ATTACHMENT_MIB + " MiB.");
            }
            if (attachment.sha256() == null || !SHA256.matcher(attachment.sha256()).matches()) {
                throw ATTACHMENT_LIMITS.broken("An attachment names its content by SHA-256, as 64 lowercase hex digits.");
            }
        }
    }
}
