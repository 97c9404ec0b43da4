package livechat.query.audit;

import livechat.events.Actor;

import java.time.Instant;

/**
 * Reads of conversations' records by staff: of one conversation, by one actor, within
 * [{@code from}, {@code to}); each criterion optional. At most {@code limit}, oldest first.
 */
public record FindAccess(String conversationId, Actor actor, Instant from, Instant to, int limit) {

    public static final int MAX_LIMIT = 1000;
}
