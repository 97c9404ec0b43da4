package livechat.query.transcript;

import java.time.Instant;

/**
 * The conversation's state changed: {@code OPEN} (started), {@code QUEUED}, {@code CLOSED} or {@code REOPENED};
 * {@code actor} is who did it, written role:id.
 */
public record StatusChange(long sequence, String status, String actor, String reason, Instant at) {
}
