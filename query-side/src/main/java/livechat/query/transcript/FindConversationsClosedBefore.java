package livechat.query.transcript;

import java.time.Instant;

/** Every conversation closed (and not reopened) before {@code before}, as {@link ConversationSummary}s, oldest close first. */
public record FindConversationsClosedBefore(Instant before) {
}
