package livechat.query.transcript;

import livechat.events.Attachment;

import java.time.Instant;
import java.util.List;

/**
 * A message as a transcript shows it to one audience. {@code internal} notes are shown to agents, supervisors and
 * auditors only. {@code text} is the current text, null when the message was redacted and the reader is not an
 * auditor; {@code originalText} (auditors only) is the text as first sent, set once the message was edited or
 * redacted. {@code edits} is null where it was not looked up (live stream items).
 */
public record TranscriptMessage(long sequence, String messageId, String authorId, String role, String text,
                                Instant sentAt, boolean internal, List<Attachment> attachments,
                                String cannedResponseKey, List<MessageEdit> edits, Redaction redaction,
                                String originalText) {

    /** One edit; {@code text} is the text it set, shown to auditors only. */
    public record MessageEdit(long sequence, String messageId, String text, String reason, String editedBy,
                              Instant at) {
    }

    /** The marker a redacted message carries; who and why are for staff, a visitor sees only that and when. */
    public record Redaction(long sequence, String messageId, String reason, String redactedBy, Instant at) {
    }
}
