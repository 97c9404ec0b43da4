package livechat.query.metrics;

/**
 * The facts metrics are computed from, each stored once, keyed by the event that caused it, so a redelivered event
 * writes the same fact again instead of counting twice. Durations are in milliseconds.
 */
public enum MetricKind {
    /** The first reply of an open period: its reply time, credited to the agent who replied. */
    FIRST_RESPONSE,
    /** An agent's public reply to a waiting visitor: reply time minus {@code waitingSince}. */
    REPLY,
    /** The first assignment of an open period minus the period's start, credited to the agent assigned. */
    QUEUE,
    /** A close minus the start of the open period it ends, credited to the agent assigned at the close. */
    RESOLUTION,
    /** How long an agent held the conversation: assigned until transferred away, unassigned or closed. */
    HANDLE,
    /** A rating of a period, credited to the agent assigned when the period closed; the latest rating counts. */
    RATING,
    /** The agent was assigned the conversation (routing, a supervisor, or a transfer to them). */
    ASSIGNED,
    /** A close credited to the agent assigned at the close. */
    CLOSED,
    /** A public message sent by the agent. */
    MESSAGE,
    /** The agent took a seat for a conversation. */
    RESERVED,
    /** The agent gave a seat back. */
    RELEASED
}
