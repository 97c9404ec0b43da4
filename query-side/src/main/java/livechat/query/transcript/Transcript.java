package livechat.query.transcript;

import java.util.List;
import java.util.Map;

/**
 * One page of a conversation's messages, in order. {@code hasMore} says a next page starts after the last one;
 * {@code seenUpTo} is, per participant ({@code role:id}), the last sequence they have seen.
 */
public record Transcript(String conversationId, String status, List<TranscriptMessage> messages, boolean hasMore,
                         Map<String, Long> seenUpTo) {
}
