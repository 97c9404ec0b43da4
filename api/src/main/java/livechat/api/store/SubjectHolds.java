package livechat.api.store;

import livechat.command.subject.DataSubjects;
import livechat.events.conversation.ConversationEvent.DisputeOpened;
import livechat.events.conversation.ConversationEvent.DisputeResolved;
import livechat.events.conversation.ConversationEvent.LegalHoldPlaced;
import livechat.events.conversation.ConversationEvent.LegalHoldReleased;
import livechat.events.privacy.DataKeys;
import livechat.query.transcript.ConversationSummary;
import livechat.query.transcript.FindVisitorConversations;
import livechat.query.transcript.TranscriptQueries;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What an erasure asks of a visitor's data: whether any was sealed (the key store), and whether a conversation of
 * theirs keeps it, under legal hold or with a dispute open. The conversations are those the transcript read model
 * knows of the visitor; whether each is held is read from its events in the log, not from a read model that may lag
 * behind a hold just placed.
 */
final class SubjectHolds implements DataSubjects {

    private static final Duration READ_MODEL = Duration.ofSeconds(30);

    private final DataKeys keys;
    private final TranscriptQueries transcripts;
    /** The log, found when first read: it seals with the keys this is made beside. */
    private final Supplier<EventStore> events;

    SubjectHolds(DataKeys keys, TranscriptQueries transcripts, Supplier<EventStore> events) {
        this.keys = keys;
        this.transcripts = transcripts;
        this.events = events;
    }

    @Override
    public boolean known(String visitorId) {
        return keys.knowsSubject(visitorId);
    }

    @Override
    public Optional<String> hold(String visitorId) {
        List<String> conversations = transcripts.handle(new FindVisitorConversations(visitorId))
                .map(ConversationSummary::conversationId).collectList().block(READ_MODEL);
        for (String conversationId : conversations == null ? List.<String>of() : conversations) {
            Optional<String> hold = hold(conversationId, events.get().readEvents(conversationId, 0));
            if (hold.isPresent()) {
                return hold;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> hold(String conversationId, DomainEventStream stream) {
        boolean legalHold = false;
        String openDispute = null;
        while (stream.hasNext()) {
            Object event = stream.next().getPayload();
            if (event instanceof LegalHoldPlaced) {
                legalHold = true;
            } else if (event instanceof LegalHoldReleased) {
                legalHold = false;
            } else if (event instanceof DisputeOpened opened) {
                openDispute = opened.disputeId();
            } else if (event instanceof DisputeResolved) {
                openDispute = null;
            }
        }
        if (legalHold) {
            return Optional.of("Conversation " + conversationId + " is under legal hold");
        }
        return Optional.ofNullable(openDispute).map(dispute -> "Dispute " + dispute + " of conversation "
                + conversationId + " is open");
    }
}
