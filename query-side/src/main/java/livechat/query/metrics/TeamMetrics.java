package livechat.query.metrics;

import java.time.LocalDate;
import java.util.List;

/**
 * The figures of the whole team over the days {@code from}..{@code to} (inclusive, in {@code zone}): every fact of
 * those days, whichever agent it is credited to, and those credited to nobody; the totals and each day with any
 * activity.
 */
public record TeamMetrics(LocalDate from, LocalDate to, String zone, Figures totals, List<AgentMetrics.Day> days) {
}
