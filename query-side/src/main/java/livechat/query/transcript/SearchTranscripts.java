package livechat.query.transcript;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Conversations, as {@link ConversationSummary}s ordered by start (and by id among those started at once), that
 * {@code agentId} was ever assigned to, started in [{@code from}, {@code to}), tagged {@code tag} and now in
 * {@code status} (OPEN or CLOSED), after the conversation {@code after} in that order: at most {@code limit} of them.
 * Every criterion is optional (null). Paging by {@code after} is stable while conversations start: a new one sorts
 * after every page already read.
 */
public record SearchTranscripts(String agentId, Instant from, Instant to, String tag, String status, After after,
                                int limit) {

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

    /** A conversation's place in the search's order: the last one of the page read before. */
    public record After(Instant startedAt, String conversationId) {
        public After {
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(conversationId, "conversationId");
        }

        public static After of(ConversationSummary conversation) {
            return new After(conversation.startedAt(), conversation.conversationId());
        }
    }
}
