package livechat.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import livechat.events.Attachment;
import livechat.events.conversation.ConversationEvent;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationRated;
import livechat.events.conversation.ConversationEvent.ConversationReopened;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.DisputeEvidenceAdded;
import livechat.events.conversation.ConversationEvent.DisputeOpened;
import livechat.events.conversation.ConversationEvent.DisputeResolved;
import livechat.events.conversation.ConversationEvent.MessageEdited;
import livechat.events.conversation.ConversationEvent.MessageRedacted;
import livechat.events.conversation.ConversationEvent.MessageSent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A visitor's data as a subject access request (GDPR art. 15) receives it: a zip of {@code visitor.json} and one
 * {@code conversations/<id>.json} per conversation of theirs, with its messages (edits, attachments), ratings and
 * disputes. Built from the event log, where every rating comment and dispute text is, opened with the data keys as
 * they are read: content whose key is destroyed reads {@code [erased]}. Only the conversations whose
 * {@code ConversationStarted} names the visitor are read, so nothing of another visitor's is in it.
 */
final class SubjectAccessExport {

    /** What the zip says of the visitor; {@code erased} when their key is destroyed. */
    record VisitorData(String visitorId, Instant exportedAt, boolean erased, List<String> conversations) {
    }

    record ConversationData(String conversationId, String visitorId, String topic, String requiredSkill,
                            Instant startedAt, Instant closedAt, List<MessageData> messages, List<RatingData> ratings,
                            List<DisputeData> disputes) {
    }

    record MessageData(String messageId, long sequence, Instant sentAt, String author, String text, boolean internal,
                       List<Attachment> attachments, List<EditData> edits, boolean redacted) {
    }

    record EditData(Instant editedAt, String editedBy, String text) {
    }

    record RatingData(Instant ratedAt, int score, String comment, String agentId) {
    }

    record DisputeData(String disputeId, Instant openedAt, String openedBy, String reason, List<EvidenceData> evidence,
                       Instant resolvedAt, String outcome, String resolutionNote) {
    }

    record EvidenceData(Instant addedAt, String addedBy, String note) {
    }

    private final EventStore events;
    private final ObjectWriter json;

    SubjectAccessExport(EventStore events, ObjectMapper json) {
        this.events = events;
        this.json = json.writerWithDefaultPrettyPrinter();
    }

    /** The zip's bytes; a conversation whose first event does not name the visitor is left out. */
    byte[] export(VisitorData visitor) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            List<String> exported = new ArrayList<>();
            for (String conversationId : visitor.conversations()) {
                ConversationData conversation = conversation(conversationId, visitor.visitorId());
                if (conversation != null) {
                    exported.add(conversationId);
                    zip.putNextEntry(new ZipEntry("conversations/" + conversationId + ".json"));
                    zip.write(json.writeValueAsBytes(conversation));
                    zip.closeEntry();
                }
            }
            zip.putNextEntry(new ZipEntry("visitor.json"));
            zip.write(json.writeValueAsBytes(new VisitorData(visitor.visitorId(), visitor.exportedAt(),
                    visitor.erased(), exported)));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the subject access export", e);
        }
        return bytes.toByteArray();
    }

    private ConversationData conversation(String conversationId, String visitorId) {
        DomainEventStream stream = events.readEvents(conversationId, 0);
        if (!stream.hasNext() || !(stream.peek().getPayload() instanceof ConversationStarted started)
                || !started.visitorId().equals(visitorId)) {
            return null;
        }
        Map<String, MessageData> messages = new LinkedHashMap<>();
        List<RatingData> ratings = new ArrayList<>();
        Map<String, DisputeData> disputes = new LinkedHashMap<>();
        Instant startedAt = stream.peek().getTimestamp();
        Instant closedAt = null;
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            Instant at = message.getTimestamp();
            if (!(message.getPayload() instanceof ConversationEvent event)) {
                continue;
            }
            if (event instanceof MessageSent sent) {
                messages.put(sent.messageId(), new MessageData(sent.messageId(), message.getSequenceNumber(), at,
                        sent.author().toString(), sent.text(), sent.internal(), sent.attachments(), new ArrayList<>(),
                        false));
            } else if (event instanceof MessageEdited edited && messages.containsKey(edited.messageId())) {
                messages.get(edited.messageId()).edits().add(new EditData(at, edited.editedBy().toString(),
                        edited.text()));
            } else if (event instanceof MessageRedacted redacted && messages.containsKey(redacted.messageId())) {
                MessageData m = messages.get(redacted.messageId());
                messages.put(m.messageId(), new MessageData(m.messageId(), m.sequence(), m.sentAt(), m.author(),
                        m.text(), m.internal(), m.attachments(), m.edits(), true));
            } else if (event instanceof ConversationClosed) {
                closedAt = at;
            } else if (event instanceof ConversationReopened) {
                closedAt = null;
            } else if (event instanceof ConversationRated rated) {
                ratings.add(new RatingData(at, rated.score(), rated.comment(), rated.agentId()));
            } else if (event instanceof DisputeOpened opened) {
                disputes.put(opened.disputeId(), new DisputeData(opened.disputeId(), at, opened.openedBy().toString(),
                        opened.reason(), new ArrayList<>(), null, null, null));
            } else if (event instanceof DisputeEvidenceAdded added && disputes.containsKey(added.disputeId())) {
                disputes.get(added.disputeId()).evidence().add(new EvidenceData(at, added.addedBy().toString(),
                        added.note()));
            } else if (event instanceof DisputeResolved resolved && disputes.containsKey(resolved.disputeId())) {
                DisputeData d = disputes.get(resolved.disputeId());
                disputes.put(d.disputeId(), new DisputeData(d.disputeId(), d.openedAt(), d.openedBy(), d.reason(),
                        d.evidence(), at, resolved.outcome(), resolved.note()));
            }
        }
        return new ConversationData(conversationId, visitorId, started.topic(), started.requiredSkill(), startedAt,
                closedAt, List.copyOf(messages.values()), ratings, List.copyOf(disputes.values()));
    }
}
