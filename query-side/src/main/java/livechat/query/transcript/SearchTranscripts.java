package livechat.query.transcript;

import java.time.Instant;
import java.util.Set;

/**
 * Conversations, as {@link ConversationSummary}s ordered by start, that {@code agentId} was ever assigned to, started
 * in [{@code from}, {@code to}), tagged {@code tag} and now in {@code status} (OPEN or CLOSED); every criterion is
 * optional (null).
 */
public record SearchTranscripts(String agentId, Instant from, Instant to, String tag, String status, int limit) {

    public static final Set<String> STATUSES = Set.of("OPEN", "CLOSED");

    public static final int MAX_LIMIT = 1000;

    public SearchTranscripts {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit is 1 to " + MAX_LIMIT);
        }
        if (status != null && !STATUSES.contains(status)) {
            throw new IllegalArgumentException("status is OPEN or CLOSED");
        }
    }
}
