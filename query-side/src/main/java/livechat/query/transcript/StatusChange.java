package livechat.query.transcript;

import java.time.Instant;

/** The conversation opened or closed; {@code actor} is who did it, written role:id. */
public record StatusChange(long sequence, String status, String actor, String reason, Instant at) {
}
