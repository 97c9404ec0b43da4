package livechat.api.http;

import livechat.events.Actor;
import livechat.events.Role;
import org.springframework.http.HttpStatus;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/** Who may read which read model, and the parsing of the time bounds those reads take. */
final class Readers {

    private Readers() {
    }

    /** Refuses (403, {@code rule}) anyone whose role is not one of {@code roles}. */
    static void require(Actor actor, String rule, String detail, Role... roles) {
        if (Arrays.stream(roles).noneMatch(actor::is)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, rule, detail);
        }
    }

    /** A day {@code YYYY-MM-DD}; a malformed one is a 400 naming {@code name}. */
    static LocalDate day(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "time-range", name + " is a day, YYYY-MM-DD.");
        }
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
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            LocalDate day = day(name, value);
            return (upper ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }
}
