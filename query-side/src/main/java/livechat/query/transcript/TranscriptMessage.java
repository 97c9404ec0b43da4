package livechat.query.transcript;

import java.time.Instant;

/** A message as a transcript shows it; {@code internal} notes are shown to agents, supervisors and auditors only. */
public record TranscriptMessage(long sequence, String messageId, String authorId, String role, String text,
                                Instant sentAt, boolean internal) {
}
