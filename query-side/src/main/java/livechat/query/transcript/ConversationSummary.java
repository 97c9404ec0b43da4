package livechat.query.transcript;

import java.time.Instant;

/** The small per-conversation document: who, what, and where its stream stands. */
public record ConversationSummary(String conversationId, String status, String visitorId, String topic,
                                  String requiredSkill, String assignedAgentId, Instant startedAt, Instant closedAt,
                                  long lastSequence, long messageCount) {
}
