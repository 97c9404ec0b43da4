package livechat.query.transcript;

import java.util.Set;

/**
 * The conversations waiting for an agent (open, nobody holds them), as {@link ConversationSummary}s, longest waiting
 * first: those asking for one of {@code skills} or for none, or every waiting one when {@code skills} is null.
 */
public record FindQueue(Set<String> skills, int limit) {

    public FindQueue {
        if (limit < 1 || limit > SearchTranscripts.MAX_LIMIT) {
            throw new IllegalArgumentException("limit is 1 to " + SearchTranscripts.MAX_LIMIT);
        }
        skills = skills == null ? null : Set.copyOf(skills);
    }
}
