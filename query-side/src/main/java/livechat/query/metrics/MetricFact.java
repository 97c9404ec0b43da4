package livechat.query.metrics;

import java.time.Instant;

/**
 * One fact, on the {@code day} (in the configured zone) of the event it came from. {@code valueMs} is the duration
 * of a duration fact, {@code score} (1..5) that of a rating, each null otherwise; {@code agentId} is null when nobody
 * is credited, and {@code agentName} the name that agent was registered with (null if it never was).
 */
public record MetricFact(MetricKind kind, String agentId, String agentName, String conversationId, String day,
                         Instant at, Long valueMs, Integer score) {
}
