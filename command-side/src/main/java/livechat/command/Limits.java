package livechat.command;

import java.util.Set;

/**
 * How much people may write into conversations and the canned-response library, in one place: the rules that
 * refuse more and the refusals that say so both read these.
 */
public final class Limits {

    /** Characters of a message's text, and of every text sent or filed like one: dispute texts, canned responses. */
    public static final int TEXT = 4000;
    public static final int TOPIC = 200;
    public static final int REASON = 500;
    public static final int RATING_COMMENT = 1000;
    public static final int CLIENT_MESSAGE_ID = 128;
    public static final int ATTACHMENTS = 10;
    public static final int ATTACHMENT_NAME = 255;
    public static final int ATTACHMENT_MIB = 25;
    /** The media types an attachment may have: what the upload recognises from a file's bytes. */
    public static final Set<String> ATTACHMENT_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp",
            "application/pdf", "text/plain");
    public static final int CANNED_RESPONSE_TITLE = 200;

    private Limits() {
    }
}
