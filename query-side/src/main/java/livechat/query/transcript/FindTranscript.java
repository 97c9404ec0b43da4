package livechat.query.transcript;

import livechat.events.Role;

/** Messages after {@code after} (a stream sequence), at most {@code limit}, as {@code audience} may see them. */
public record FindTranscript(String conversationId, Role audience, long after, int limit) {

    public static final int MAX_LIMIT = 1000;

    public FindTranscript {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit is 1 to " + MAX_LIMIT);
        }
        if (after < -1) {
            throw new IllegalArgumentException("after is a sequence number, -1 or more");
        }
    }
}
