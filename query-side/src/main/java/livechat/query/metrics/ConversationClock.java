package livechat.query.metrics;

import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * What the metrics of one conversation need to carry from event to event: the current open period and when it
 * began, whether it has had its first assignment and first reply, since when the visitor waits, and who holds the
 * conversation since when. {@code lastSequence} is the last event applied, so a redelivered one is skipped.
 */
final class ConversationClock {

    final String conversationId;
    long lastSequence = -1;
    int period;
    Instant periodStart;
    boolean closed;
    boolean awaitingFirstAssignment;
    boolean replied;
    Instant waitingSince;
    String assignee;
    Instant assignedSince;

    ConversationClock(String conversationId) {
        this.conversationId = conversationId;
    }

    static ConversationClock from(Document document) {
        ConversationClock clock = new ConversationClock(document.getString("_id"));
        clock.lastSequence = document.get("lastSequence", Number.class).longValue();
        clock.period = document.getInteger("period");
        clock.periodStart = instant(document, "periodStart");
        clock.closed = document.getBoolean("closed");
        clock.awaitingFirstAssignment = document.getBoolean("awaitingFirstAssignment");
        clock.replied = document.getBoolean("replied");
        clock.waitingSince = instant(document, "waitingSince");
        clock.assignee = document.getString("assignee");
        clock.assignedSince = instant(document, "assignedSince");
        return clock;
    }

    Document toDocument() {
        return new Document("lastSequence", lastSequence)
                .append("period", period)
                .append("periodStart", date(periodStart))
                .append("closed", closed)
                .append("awaitingFirstAssignment", awaitingFirstAssignment)
                .append("replied", replied)
                .append("waitingSince", date(waitingSince))
                .append("assignee", assignee)
                .append("assignedSince", date(assignedSince));
    }

    void beginPeriod(Instant at) {
        periodStart = at;
        closed = false;
        awaitingFirstAssignment = true;
        replied = false;
        waitingSince = null;
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Document document, String field) {
        return Optional.ofNullable(document.getDate(field)).map(Date::toInstant).orElse(null);
    }
}
