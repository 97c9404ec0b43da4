package livechat.query.transcript;

import java.time.Instant;

/** A tag was put on ({@code added}) or taken off the conversation; staff only. */
public record TagChange(long sequence, String tag, boolean added, String actor, Instant at) {
}
