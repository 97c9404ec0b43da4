package livechat.query.transcript;

import livechat.events.Attachment;
import livechat.events.Role;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.MessageEdited;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.events.privacy.DataKeys;
import livechat.query.live.StreamItem;
import livechat.query.projection.ActorFields;
import livechat.query.transcript.TranscriptMessage.MessageEdit;
import livechat.query.transcript.TranscriptMessage.Redaction;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Turns timeline entries (one document per event of a conversation) into what each audience may see, in one place,
 * so what a projection publishes live is exactly what a later read returns.
 */
final class TimelineDocuments {

    static final String MESSAGE = "message";
    static final String MESSAGE_EDITED = "message-edited";
    static final String MESSAGE_REDACTED = "message-redacted";
    static final String STATUS = "status";
    static final String ASSIGNED = "assigned";
    static final String SEEN = "seen";
    static final String TAGGED = "tagged";
    static final String UNTAGGED = "untagged";
    /**
     * The conversation document's field holding the highest sequence of its entries: reads fetch entries by id up
     * to it, so it is written before the entry.
     */
    static final String LAST_ENTRY = "lastEntry";
    /** Where each sealed field's text stands in the log, which its seal in the read model names too. */
    static final String TOPIC = DataKeys.purpose(ConversationStarted.class, "topic");
    static final String TEXT = DataKeys.purpose(MessageSent.class, "text");
    static final String EDIT_TEXT = DataKeys.purpose(MessageEdited.class, "text");
    static final String ATTACHMENT_NAME = DataKeys.purpose(MessageSent.class, "attachments.name");

    private TimelineDocuments() {
    }

    static String entryId(String conversationId, long sequence) {
        return conversationId + ":" + sequence;
    }

    /** The id of the document holding how far {@code reader} has seen the conversation. */
    static String receiptId(String conversationId, String reader) {
        return conversationId + "|" + reader;
    }

    static Document entry(String conversationId, long sequence, String event, boolean agentsOnly, Instant at) {
        return new Document("conversationId", conversationId)
                .append("sequence", sequence)
                .append("event", event)
                .append("agentsOnly", agentsOnly)
                .append("at", Date.from(at));
    }

    /** An attachment whose name is {@code sealedName}. */
    static Document attachment(Attachment attachment, String sealedName) {
        return new Document("name", sealedName).append("mediaType", attachment.mediaType())
                .append("sizeBytes", attachment.sizeBytes()).append("sha256", attachment.sha256());
    }

    /** A live item carries its entry; each subscriber gets it rendered for its own audience. */
    static StreamItem live(Document entry) {
        return new StreamItem(sequence(entry), entry.getString("event"), entry, entry.getBoolean("agentsOnly"));
    }

    static StreamItem render(StreamItem item, Role audience, DataKeys keys) {
        return item.data() instanceof Document entry ? item(entry, audience, null, keys) : item;
    }

    static StreamItem item(Document entry, Role audience, List<Document> edits, DataKeys keys) {
        String event = entry.getString("event");
        Object data = switch (event) {
            case MESSAGE -> message(entry, audience, edits, keys);
            case MESSAGE_EDITED -> edit(entry, audience, entry.get("redaction") == null, keys);
            case MESSAGE_REDACTED -> redaction(entry, audience);
            case STATUS -> new StatusChange(sequence(entry), entry.getString("status"), ActorFields.read(entry, "actor"),
                    entry.getString("reason"), at(entry));
            case ASSIGNED -> new Assignment(sequence(entry), entry.getString("agentId"),
                    entry.getString("fromAgentId"), entry.getString("reason"), ActorFields.read(entry, "actor"), at(entry));
            case SEEN -> new SeenReceipt(sequence(entry), ActorFields.read(entry, "reader"),
                    entry.get("upToSequence", Number.class).longValue(), at(entry));
            case TAGGED, UNTAGGED -> new TagChange(sequence(entry), entry.getString("tag"), TAGGED.equals(event),
                    ActorFields.read(entry, "actor"), at(entry));
            default -> throw new IllegalStateException("unknown timeline entry " + event);
        };
        return new StreamItem(sequence(entry), event, data, entry.getBoolean("agentsOnly", false));
    }

    /**
     * A message as {@code audience} may see it. Only auditors see the text of a redacted message, the original text
     * of an edited one and what each edit said; {@code edits} are the message's edit entries, or null when not
     * looked up. Sealed texts are opened here, as {@code [erased]} once their key is destroyed.
     */
    static TranscriptMessage message(Document entry, Role audience, List<Document> edits, DataKeys keys) {
        boolean auditor = audience == Role.AUDITOR;
        Document redacted = entry.get("redaction", Document.class);
        boolean hidden = redacted != null && !auditor;
        String original = hidden ? null : keys.open(entry.getString("text"), TEXT);
        String current = entry.getString("currentText") == null ? original
                : hidden ? null : keys.open(entry.getString("currentText"), EDIT_TEXT);
        boolean changed = redacted != null || entry.getString("currentText") != null;
        List<Attachment> attachments = hidden ? List.of() : entry.getList("attachments", Document.class, List.of())
                .stream().map(a -> new Attachment(keys.open(a.getString("name"), ATTACHMENT_NAME),
                        a.getString("mediaType"),
                        a.get("sizeBytes", Number.class).longValue(), a.getString("sha256"))).toList();
        return new TranscriptMessage(sequence(entry), entry.getString("messageId"), entry.getString("authorId"),
                entry.getString("role"), hidden ? null : current, at(entry), entry.getBoolean("agentsOnly", false),
                attachments, entry.getString("cannedResponseKey"),
                edits == null ? null : edits.stream().map(edit -> edit(edit, audience, auditor, keys)).toList(),
                redacted == null ? null : redaction(redacted, audience),
                auditor && changed ? original : null);
    }

    /** Live, an edit brings its new text to everyone; in a transcript's history, only auditors see past texts. */
    private static MessageEdit edit(Document entry, Role audience, boolean showText, DataKeys keys) {
        showText = showText || audience == Role.AUDITOR;
        return new MessageEdit(sequence(entry), entry.getString("messageId"),
                showText ? keys.open(entry.getString("text"), EDIT_TEXT) : null,
                staffOnly(entry.getString("reason"), audience), ActorFields.read(entry, "editedBy"), at(entry));
    }

    private static Redaction redaction(Document entry, Role audience) {
        return new Redaction(sequence(entry), entry.getString("messageId"),
                staffOnly(entry.getString("reason"), audience),
                staffOnly(ActorFields.read(entry, "redactedBy"), audience), at(entry));
    }

    private static String staffOnly(String value, Role audience) {
        return audience == Role.VISITOR ? null : value;
    }

    static long sequence(Document entry) {
        return entry.get("sequence", Number.class).longValue();
    }

    private static Instant at(Document entry) {
        return entry.getDate("at").toInstant();
    }
}
