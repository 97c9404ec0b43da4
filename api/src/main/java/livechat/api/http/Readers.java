package livechat.api.http;

import livechat.events.Actor;
import livechat.events.Role;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/** Who may read which read model, and the parsing of the time bounds those reads take. */
final class Readers {

    private Readers() {
    }

    /** Refuses anyone whose role is not one of {@code roles} with {@code refusal} (a 403). */
    static void require(Actor actor, RuntimeException refusal, Role... roles) {
        if (Arrays.stream(roles).noneMatch(actor::is)) {
            throw refusal;
        }
    }

    /**
     * The days a bound may name: every instant between them converts to the stores' millisecond dates without
     * overflow, and none of the data predates or outlives them.
     */
    private static final LocalDate FIRST_DAY = LocalDate.of(1, 1, 1);
    private static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

    /** A day {@code YYYY-MM-DD} from 0001-01-01 to 9999-12-31; any other is a 400 naming {@code name}. */
    static LocalDate day(String name, String value) {
        try {
            return within(name, LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            throw new ProblemException(ApiRule.TIME_RANGE, name + " is a day, YYYY-MM-DD.");
        }
    }

    private static LocalDate within(String name, LocalDate day) {
        if (day.isBefore(FIRST_DAY) || day.isAfter(LAST_DAY)) {
            throw new ProblemException(ApiRule.TIME_RANGE,
                    name + " is between " + FIRST_DAY + " and " + LAST_DAY + ".");
        }
        return day;
    }

    /**
     * An instant, or a day meaning its start (UTC) for a lower bound and the start of the next day for an upper
     * bound, so {@code to=2026-11-24} includes that whole day. Null stays null (no bound).
     */
    static Instant bound(String name, String value, boolean upper) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Instant instant = Instant.parse(value);
            within(name, LocalDate.ofInstant(instant, ZoneOffset.UTC));
            return instant;
        } catch (DateTimeParseException notAnInstant) {
            LocalDate day = day(name, value);
            return (upper ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }
}
