package livechat.query.transcript;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import livechat.events.Role;
import livechat.query.live.StreamItem;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/** Answers transcript queries from the read model without blocking. */
public final class TranscriptQueries {

    private static final Bson BY_SEQUENCE = Sorts.ascending("sequence");

    private final TranscriptCollections collections;

    public TranscriptQueries(TranscriptCollections collections) {
        this.collections = collections;
    }

    /** The conversation, or empty if the read model does not know it (yet). */
    public Mono<ConversationSummary> handle(FindConversation query) {
        return Mono.from(collections.conversationsReader.find(Filters.eq("_id", query.conversationId())).first())
                .map(TranscriptQueries::summary);
    }

    /** A page of the transcript, or empty if the conversation is unknown. */
    public Mono<Transcript> handle(FindTranscript query) {
        return handle(new FindConversation(query.conversationId())).flatMap(conversation -> {
            Bson filter = Filters.and(visibleTo(query.conversationId(), query.audience(), query.after()),
                    Filters.eq("event", TimelineDocuments.MESSAGE));
            return Flux.from(collections.entriesReader.find(filter).sort(BY_SEQUENCE).limit(query.limit() + 1))
                    .map(TimelineDocuments::message)
                    .collectList()
                    .map(page -> {
                        boolean hasMore = page.size() > query.limit();
                        List<TranscriptMessage> messages = hasMore ? new ArrayList<>(page.subList(0, query.limit()))
                                : page;
                        return new Transcript(query.conversationId(), conversation.status(), messages, hasMore);
                    });
        });
    }

    /** Every stream item {@code audience} may see after {@code after}, in order. */
    Flux<StreamItem> timelineAfter(String conversationId, Role audience, long after) {
        return Flux.from(collections.entriesReader.find(visibleTo(conversationId, audience, after)).sort(BY_SEQUENCE))
                .map(TimelineDocuments::item);
    }

    private static Bson visibleTo(String conversationId, Role audience, long after) {
        Bson conversationAfter = Filters.and(Filters.eq("conversationId", conversationId), Filters.gt("sequence", after));
        return audience == Role.VISITOR ? Filters.and(conversationAfter, Filters.eq("agentsOnly", false))
                : conversationAfter;
    }

    private static ConversationSummary summary(Document document) {
        return new ConversationSummary(document.getString("_id"), document.getString("status"),
                document.getString("visitorId"), document.getString("topic"), document.getString("requiredSkill"),
                document.getString("assignedAgentId"), instant(document, "startedAt"), instant(document, "closedAt"),
                document.get("lastSequence", Number.class).longValue(),
                document.get("messageCount", Number.class).longValue());
    }

    private static Instant instant(Document document, String field) {
        return Optional.ofNullable(document.getDate(field)).map(Date::toInstant).orElse(null);
    }
}
