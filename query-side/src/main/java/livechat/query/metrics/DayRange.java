package livechat.query.metrics;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

final class DayRange {

    private DayRange() {
    }

    static void check(LocalDate from, LocalDate to) {
        if (from.isAfter(to) || ChronoUnit.DAYS.between(from, to) >= FindAgentMetrics.MAX_DAYS) {
            throw new IllegalArgumentException("from is at most to, and the range at most "
                    + FindAgentMetrics.MAX_DAYS + " days");
        }
    }
}
