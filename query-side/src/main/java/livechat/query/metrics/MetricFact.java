package livechat.query.metrics;

import java.time.Instant;

/**
 * One fact, on the {@code day} (in the configured zone) of the event it came from. {@code valueMs} is a duration
 * for durations, the score for a rating, null otherwise; {@code agentId} is null when nobody is credited.
 */
public record MetricFact(MetricKind kind, String agentId, String conversationId, String day, Instant at,
                         Long valueMs) {
}
