package livechat.query.metrics;

import java.time.LocalDate;

/** {@link AgentMetrics} of {@code agentId} over the days {@code from}..{@code to}, both included. */
public record FindAgentMetrics(String agentId, LocalDate from, LocalDate to) {

    public static final int MAX_DAYS = 366;

    public FindAgentMetrics {
        DayRange.check(from, to);
    }
}
