package livechat.query.canned;

/** A predefined reply as agents pick it. */
public record CannedResponseView(String key, String title, String text) {
}
