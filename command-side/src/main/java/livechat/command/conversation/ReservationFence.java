package livechat.command.conversation;

/**
 * The answer to {@code AbandonReservation}. {@code abandoned}: the reservation is fenced off and can never become an
 * assignment, so the agent's seat may be given back; false when the conversation is assigned under it.
 */
public record ReservationFence(boolean abandoned) {
}
