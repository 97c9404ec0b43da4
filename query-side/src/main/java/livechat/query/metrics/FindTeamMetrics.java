package livechat.query.metrics;

import java.time.LocalDate;

/** {@link TeamMetrics}: every agent's facts together over the days {@code from}..{@code to}, both included. */
public record FindTeamMetrics(LocalDate from, LocalDate to) {

    public FindTeamMetrics {
        DayRange.check(from, to);
    }
}
