package livechat.events.privacy;

/** Which data key seals a {@link PersonalData} component. */
public enum KeyScope {

    /**
     * The data subject's key: of the visitor the record's {@code visitorId} names, else of the visitor who started the
     * conversation its {@code conversationId} names. Erasing the visitor destroys it.
     */
    SUBJECT,

    /**
     * The key of the message the record's {@code conversationId} and {@code messageId} name, taken as the record
     * sends it, sealing nothing of any other message, wrapped by the subject's key: redacting the message destroys
     * it, erasing the subject makes it unreadable.
     */
    MESSAGE,

    /** The key of a message already sent, which the record changes: the key {@link #MESSAGE} took for it. */
    SENT_MESSAGE,

    /** A component of a value carried inside a personal component (an attachment's name): sealed under its key. */
    ENCLOSING
}
