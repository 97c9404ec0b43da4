package livechat.query.audit;

import java.time.Instant;

/**
 * Reads of conversations' records by staff: of one conversation, by one actor ({@code role:id}), within
 * [{@code from}, {@code to}); each criterion optional. At most {@code limit}, oldest first.
 */
public record FindAccess(String conversationId, String actor, Instant from, Instant to, int limit) {

    public static final int MAX_LIMIT = 1000;
}
