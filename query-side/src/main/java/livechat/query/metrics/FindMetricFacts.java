package livechat.query.metrics;

import java.time.LocalDate;

/** Every {@link MetricFact} of the days {@code from}..{@code to} (both included), in the order they happened. */
public record FindMetricFacts(LocalDate from, LocalDate to) {

    public FindMetricFacts {
        DayRange.check(from, to);
    }
}
