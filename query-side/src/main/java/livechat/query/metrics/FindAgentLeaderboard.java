package livechat.query.metrics;

import java.time.LocalDate;

/** An {@link AgentLeaderboard} of every agent over the days {@code from}..{@code to}, both included. */
public record FindAgentLeaderboard(LocalDate from, LocalDate to) {

    public FindAgentLeaderboard {
        DayRange.check(from, to);
    }
}
