package livechat.query.transcript;

import java.time.Instant;

/**
 * Conversations, as {@link ConversationSummary}s ordered by start, that {@code agentId} was ever assigned to, started
 * in [{@code from}, {@code to}) and tagged {@code tag}; every criterion is optional (null).
 */
public record SearchTranscripts(String agentId, Instant from, Instant to, String tag, int limit) {

    public static final int MAX_LIMIT = 1000;

    public SearchTranscripts {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit is 1 to " + MAX_LIMIT);
        }
    }
}
