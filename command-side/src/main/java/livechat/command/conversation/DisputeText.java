package livechat.command.conversation;

import livechat.command.Limits;

import static livechat.command.conversation.ConversationRule.DISPUTE_TEXT_LENGTH;

/**
 * What a dispute says: its reason and each evidence note are 1 to {@link Limits#TEXT} characters after trimming;
 * a resolution's note is optional ({@code text} null when none was given) and as long at most.
 */
record DisputeText(String text) {

    static DisputeText of(String raw) {
        String text = Trimmed.of(raw);
        if (text.isEmpty() || text.length() > Limits.TEXT) {
            throw DISPUTE_TEXT_LENGTH.broken("A dispute's reason or evidence note is 1 to " + Limits.TEXT
                    + " characters.");
        }
        return new DisputeText(text);
    }

    static DisputeText resolutionNote(String raw) {
        String note = Trimmed.of(raw);
        if (note.length() > Limits.TEXT) {
            throw DISPUTE_TEXT_LENGTH.broken("A resolution note is at most " + Limits.TEXT + " characters.");
        }
        return new DisputeText(note.isEmpty() ? null : note);
    }
}
