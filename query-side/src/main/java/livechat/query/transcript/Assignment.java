package livechat.query.transcript;

import java.time.Instant;

/**
 * Who holds the conversation now: {@code agentId} took it (from {@code fromAgentId} on a transfer), or nobody holds
 * it ({@code agentId} null) after an unassignment.
 */
public record Assignment(long sequence, String agentId, String fromAgentId, String reason, String actor,
                         Instant at) {
}
