package livechat.query.canned;

/** The library, by key. */
public record FindCannedResponses() {
}
