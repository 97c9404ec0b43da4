package livechat.query.metrics;

import java.time.LocalDate;
import java.util.List;

/**
 * Every agent known to the metrics (registered, or credited with anything in the range), most conversations closed
 * first, then best CSAT, then by id.
 */
public record AgentLeaderboard(LocalDate from, LocalDate to, String zone, List<Row> agents) {

    public record Row(String agentId, String name, Figures figures, long openLoad) {
    }
}
