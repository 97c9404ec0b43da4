package livechat.api.store;

import livechat.events.conversation.ConversationEvent.MessageRedacted;
import livechat.events.privacy.DataKeys;
import livechat.events.subject.DataSubjectEvent.VisitorDataErased;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * Destroys keys once the decision to forget is in the log: a redacted message's keys and the files only it carried
 * ({@link MessageRedactions}), an erased visitor's key and the attachments of their conversations (those no other
 * conversation references). The endpoint that records the decision destroys them at once; this processor makes sure
 * it happens even if the server stopped in between, and again on a replay, where destroying a destroyed key
 * changes nothing.
 */
@ProcessingGroup(KeyShredding.PROCESSING_GROUP)
public class KeyShredding {

    public static final String PROCESSING_GROUP = "key-shredding";

    private final DataKeys keys;
    private final AttachmentStore attachments;
    private final MessageRedactions redactions;

    KeyShredding(DataKeys keys, AttachmentStore attachments, MessageRedactions redactions) {
        this.keys = keys;
        this.attachments = attachments;
        this.redactions = redactions;
    }

    @EventHandler
    void on(MessageRedacted redacted) {
        redactions.destroy(redacted.conversationId(), redacted.messageId());
    }

    @EventHandler
    void on(VisitorDataErased erased) {
        keys.eraseSubject(erased.visitorId());
        attachments.eraseVisitor(erased.visitorId());
    }
}
