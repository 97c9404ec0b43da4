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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

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
        return transcript(query.conversationId(), query.audience(), query.after(), query.limit());
    }

    /** The whole transcript, or empty if the conversation is unknown. */
    public Mono<Transcript> handle(ExportTranscript query) {
        return transcript(query.conversationId(), query.audience(), -1, 0);
    }

    /** Conversations matching every given criterion, oldest start first. */
    public Flux<ConversationSummary> handle(SearchTranscripts query) {
        List<Bson> criteria = new ArrayList<>();
        Optional.ofNullable(query.agentId()).ifPresent(agent -> criteria.add(Filters.eq("agents", agent)));
        Optional.ofNullable(query.tag()).ifPresent(tag -> criteria.add(Filters.eq("tags", tag)));
        Optional.ofNullable(query.from()).ifPresent(from -> criteria.add(Filters.gte("startedAt", Date.from(from))));
        Optional.ofNullable(query.to()).ifPresent(to -> criteria.add(Filters.lt("startedAt", Date.from(to))));
        Bson filter = criteria.isEmpty() ? new Document() : Filters.and(criteria);
        return Flux.from(collections.conversationsReader.find(filter)
                        .sort(Sorts.ascending("startedAt", "_id")).limit(query.limit()))
                .map(TranscriptQueries::summary);
    }

    /** {@code limit} 0 means every message. */
    private Mono<Transcript> transcript(String conversationId, Role audience, long after, int limit) {
        return handle(new FindConversation(conversationId)).flatMap(conversation -> {
            Bson filter = Filters.and(visibleTo(conversationId, audience, after),
                    Filters.eq("event", TimelineDocuments.MESSAGE));
            Mono<List<Document>> page = Flux.from(collections.entriesReader.find(filter).sort(BY_SEQUENCE)
                    .limit(limit == 0 ? 0 : limit + 1)).collectList();
            return Mono.zip(page, seenUpTo(conversationId)).flatMap(pageAndSeen -> {
                List<Document> entries = pageAndSeen.getT1();
                boolean hasMore = limit > 0 && entries.size() > limit;
                List<Document> shown = hasMore ? entries.subList(0, limit) : entries;
                return editsOf(conversationId, shown).map(edits -> new Transcript(conversationId,
                        conversation.status(), shown.stream().map(entry -> TimelineDocuments.message(entry, audience,
                                edits.getOrDefault(entry.getString("messageId"), List.of()))).toList(),
                        hasMore, pageAndSeen.getT2()));
            });
        });
    }

    /** The edit entries of the given messages, per message id, in order; one query for a whole page. */
    private Mono<Map<String, List<Document>>> editsOf(String conversationId, List<Document> messages) {
        List<String> edited = messages.stream().filter(m -> m.get("editSequence", Number.class).longValue() >= 0)
                .map(m -> m.getString("messageId")).toList();
        if (edited.isEmpty()) {
            return Mono.just(Map.of());
        }
        return Flux.from(collections.entriesReader.find(Filters.and(Filters.eq("conversationId", conversationId),
                        Filters.in("messageId", edited), Filters.eq("event", TimelineDocuments.MESSAGE_EDITED)))
                        .sort(BY_SEQUENCE))
                .collect(Collectors.groupingBy(entry -> entry.getString("messageId")));
    }

    private Mono<Map<String, Long>> seenUpTo(String conversationId) {
        return Flux.from(collections.seenReader.find(Filters.eq("conversationId", conversationId)))
                .collectMap(seen -> seen.getString("reader"),
                        seen -> seen.get("upToSequence", Number.class).longValue(), TreeMap::new);
    }

    /** Every stream item {@code audience} may see after {@code after}, in order. */
    Flux<StreamItem> timelineAfter(String conversationId, Role audience, long after) {
        return Flux.from(collections.entriesReader.find(visibleTo(conversationId, audience, after)).sort(BY_SEQUENCE))
                .map(entry -> TimelineDocuments.item(entry, audience, null));
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
                document.get("messageCount", Number.class).longValue(),
                document.getList("agents", String.class, List.of()), document.getList("tags", String.class, List.of()));
    }

    private static Instant instant(Document document, String field) {
        return Optional.ofNullable(document.getDate(field)).map(Date::toInstant).orElse(null);
    }
}
