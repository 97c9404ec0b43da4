package livechat.eventstore;

/** Revision 0 of {@link Greeted}, with its field under an old name; {@link GreetingUpcaster} turns it into one. */
public record LegacyGreeting(String words) {
}
