package livechat.command.conversation;

import java.util.regex.Pattern;

import static livechat.command.conversation.ConversationRule.TAG_FORMAT;

/** A label on a conversation: 1 to 40 lowercase letters, digits or '-', starting with a letter or digit. */
record Tag(String name) {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    static Tag of(String raw) {
        String tag = Trimmed.of(raw);
        if (!FORMAT.matcher(tag).matches()) {
            throw TAG_FORMAT.broken("A tag is 1 to 40 lowercase letters, digits or '-', starting with a letter "
                    + "or digit.");
        }
        return new Tag(tag);
    }
}
