package livechat.query.metrics;

import java.time.LocalDate;
import java.util.List;

/**
 * One agent's figures over the days {@code from}..{@code to} (inclusive, in {@code zone}): the totals over the
 * range, each day with any activity, and the conversations the agent holds right now.
 */
public record AgentMetrics(String agentId, String name, LocalDate from, LocalDate to, String zone, Figures totals,
                           List<Day> days, long openLoad) {

    public record Day(LocalDate day, Figures figures) {
    }
}
