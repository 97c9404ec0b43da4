package livechat.query.transcript;

import java.time.Instant;
import java.util.List;

/**
 * The small per-conversation document: who, what, and where its stream stands. {@code agents} is everyone ever
 * assigned to it, {@code tags} its current tags.
 */
public record ConversationSummary(String conversationId, String status, String visitorId, String topic,
                                  String requiredSkill, String assignedAgentId, Instant startedAt, Instant closedAt,
                                  long lastSequence, long messageCount, List<String> agents, List<String> tags) {
}
