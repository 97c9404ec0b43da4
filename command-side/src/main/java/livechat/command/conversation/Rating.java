package livechat.command.conversation;

import livechat.command.Limits;

import static livechat.command.conversation.ConversationRule.RATING_SCORE_RANGE;
import static livechat.command.conversation.ConversationRule.REASON_LENGTH;

/**
 * A visitor's verdict on a conversation: a score from 1 to 5 and an optional comment of at most
 * {@link Limits#RATING_COMMENT} characters after trimming ({@code comment} is null when none was given).
 */
record Rating(int score, String comment) {

    static final int LOWEST = 1;
    static final int HIGHEST = 5;

    static Rating of(int score, String comment) {
        if (score < LOWEST || score > HIGHEST) {
            throw RATING_SCORE_RANGE.broken("A rating is a score from " + LOWEST + " to " + HIGHEST + ".");
        }
        String trimmed = Trimmed.of(comment);
        if (trimmed.length() > Limits.RATING_COMMENT) {
            throw REASON_LENGTH.broken("A rating comment is at most " + Limits.RATING_COMMENT + " characters.");
        }
        return new Rating(score, trimmed.isEmpty() ? null : trimmed);
    }
}
