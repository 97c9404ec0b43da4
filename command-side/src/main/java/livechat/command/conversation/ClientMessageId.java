package livechat.command.conversation;

import livechat.command.Limits;

import static livechat.command.conversation.ConversationRule.CLIENT_MESSAGE_ID_REQUIRED;

/**
 * The id a client gives a message before sending it, so a resend is recognised and not written twice: 1 to
 * {@link Limits#CLIENT_MESSAGE_ID} characters, not all white space, kept exactly as sent.
 */
record ClientMessageId(String value) {

    static ClientMessageId of(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > Limits.CLIENT_MESSAGE_ID) {
            throw CLIENT_MESSAGE_ID_REQUIRED.broken("Every message needs a clientMessageId of 1 to "
                    + Limits.CLIENT_MESSAGE_ID + " characters, so a resend is not written twice.");
        }
        return new ClientMessageId(raw);
    }
}
