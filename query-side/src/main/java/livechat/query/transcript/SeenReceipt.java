package livechat.query.transcript;

import java.time.Instant;

/** {@code reader} ({@code role:id}) has seen everything up to {@code upToSequence}. */
public record SeenReceipt(long sequence, String reader, long upToSequence, Instant at) {
}
