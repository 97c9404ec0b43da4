package livechat.query.transcript;

import java.util.List;

/** One page of a conversation's messages, in order. {@code hasMore} says a next page starts after the last one. */
public record Transcript(String conversationId, String status, List<TranscriptMessage> messages, boolean hasMore) {
}
