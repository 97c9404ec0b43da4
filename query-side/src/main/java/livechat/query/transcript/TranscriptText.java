package livechat.query.transcript;

import livechat.events.Attachment;

import java.util.List;
import java.util.Map;

/** A transcript as plain text, one line per message, for people who read it outside the product. */
public final class TranscriptText {

    private TranscriptText() {
    }

    public static String render(ConversationSummary conversation, Transcript transcript) {
        StringBuilder text = new StringBuilder()
                .append("Conversation ").append(conversation.conversationId()).append(" (").append(transcript.status())
                .append(")\nTopic: ").append(conversation.topic())
                .append("\nVisitor: ").append(conversation.visitorId())
                .append("\nStarted: ").append(conversation.startedAt()).append('\n');
        if (conversation.closedAt() != null) {
            text.append("Closed: ").append(conversation.closedAt()).append('\n');
        }
        text.append('\n');
        for (TranscriptMessage message : transcript.messages()) {
            text.append('[').append(message.sentAt()).append("] #").append(message.sequence()).append(' ')
                    .append(message.role()).append(' ').append(message.authorId())
                    .append(message.internal() ? " (internal note)" : "").append(": ")
                    .append(message.redaction() != null && message.text() == null ? "[redacted]" : message.text())
                    .append('\n');
            for (Attachment attachment : message.attachments()) {
                text.append("    attachment: ").append(attachment.name()).append(" (").append(attachment.mediaType())
                        .append(", ").append(attachment.sizeBytes()).append(" bytes, sha256 ")
                        .append(attachment.sha256()).append(")\n");
            }
            if (message.originalText() != null) {
                text.append("    original: ").append(message.originalText()).append('\n');
            }
            for (TranscriptMessage.MessageEdit edit : message.edits() == null ? List.<TranscriptMessage.MessageEdit>of()
                    : message.edits()) {
                text.append("    edited ").append(edit.at()).append(" by ").append(edit.editedBy())
                        .append(edit.text() == null ? "" : ": " + edit.text()).append('\n');
            }
            if (message.redaction() != null) {
                text.append("    redacted ").append(message.redaction().at())
                        .append(message.redaction().reason() == null ? "" : ": " + message.redaction().reason())
                        .append('\n');
            }
        }
        if (!transcript.seenUpTo().isEmpty()) {
            text.append('\n');
            for (Map.Entry<String, Long> seen : transcript.seenUpTo().entrySet()) {
                text.append("Seen by ").append(seen.getKey()).append(" up to #").append(seen.getValue()).append('\n');
            }
        }
        return text.toString();
    }
}
