package livechat.query.transcript;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import livechat.events.Role;
import livechat.events.privacy.DataKeys;
import livechat.query.live.StreamItem;
import livechat.query.projection.ActorFields;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static livechat.query.transcript.TranscriptCollections.CONVERSATIONS;
import static livechat.query.transcript.TranscriptCollections.ENTRIES;
import static livechat.query.transcript.TranscriptCollections.SEEN;

/** Answers transcript queries from the read model without blocking. */
public final class TranscriptQueries {

    private static final Bson BY_SEQUENCE = Sorts.ascending("sequence");
    /** Sequences a timeline read asks for at once. */
    static final int WINDOW = 256;

    private final TranscriptCollections collections;
    private final DataKeys keys;

    public TranscriptQueries(TranscriptCollections collections, DataKeys keys) {
        this.collections = collections;
        this.keys = keys;
    }

    /** What opens the sealed texts of the read model's documents. */
    DataKeys keys() {
        return keys;
    }

    /** The conversation, or empty if the read model does not know it (yet). */
    public Mono<ConversationSummary> handle(FindConversation query) {
        return conversation(query.conversationId()).map(this::summary);
    }

    /** A page of the transcript, or empty if the conversation is unknown. */
    public Mono<Transcript> handle(FindTranscript query) {
        return transcript(query.conversationId(), query.audience(), query.after(), query.limit());
    }

    /** The whole transcript, or empty if the conversation is unknown. */
    public Mono<Transcript> handle(ExportTranscript query) {
        return transcript(query.conversationId(), query.audience(), -1, 0);
    }

    /** Conversations matching every given criterion, oldest start first, after the page's cursor. */
    public Flux<ConversationSummary> handle(SearchTranscripts query) {
        List<Bson> criteria = new ArrayList<>();
        Optional.ofNullable(query.agentId()).ifPresent(agent -> criteria.add(Filters.eq("agents", agent)));
        Optional.ofNullable(query.tag()).ifPresent(tag -> criteria.add(Filters.eq("tags", tag)));
        Optional.ofNullable(query.status()).ifPresent(status -> criteria.add(Filters.eq("status", status)));
        Optional.ofNullable(query.from()).ifPresent(from -> criteria.add(Filters.gte("startedAt", Date.from(from))));
        Optional.ofNullable(query.to()).ifPresent(to -> criteria.add(Filters.lt("startedAt", Date.from(to))));
        Optional.ofNullable(query.after()).ifPresent(after -> {
            Date startedAt = Date.from(after.startedAt());
            criteria.add(Filters.or(Filters.gt("startedAt", startedAt), Filters.and(Filters.eq("startedAt", startedAt),
                    Filters.gt("_id", after.conversationId()))));
        });
        Bson filter = criteria.isEmpty() ? new Document() : Filters.and(criteria);
        return Flux.from(collections.reader(CONVERSATIONS).find(filter)
                        .sort(Sorts.ascending("startedAt", "_id")).limit(query.limit()))
                .map(this::summary);
    }

    /** Every conversation of the visitor, oldest start first. */
    public Flux<ConversationSummary> handle(FindVisitorConversations query) {
        return Flux.from(collections.reader(CONVERSATIONS).find(Filters.eq("visitorId", query.visitorId()))
                        .sort(Sorts.ascending("startedAt", "_id")))
                .map(this::summary);
    }

    /** Conversations closed before an instant, oldest close first. */
    public Flux<ConversationSummary> handle(FindConversationsClosedBefore query) {
        return Flux.from(collections.reader(CONVERSATIONS).find(Filters.and(Filters.eq("status", "CLOSED"),
                        Filters.lt("closedAt", Date.from(query.before()))))
                        .sort(Sorts.ascending("closedAt", "_id")))
                .map(this::summary);
    }

    /** The waiting conversations a set of skills can take, longest waiting first. */
    public Flux<ConversationSummary> handle(FindQueue query) {
        List<Bson> criteria = new ArrayList<>(List.of(Filters.eq("status", "OPEN"),
                Filters.eq("assignedAgentId", null)));
        if (query.skills() != null) {
            List<Bson> skills = new ArrayList<>(List.of(Filters.eq("requiredSkill", null)));
            skills.add(Filters.in("requiredSkill", query.skills()));
            criteria.add(Filters.or(skills));
        }
        return Flux.from(collections.reader(CONVERSATIONS).find(Filters.and(criteria))
                        .sort(Sorts.ascending("startedAt", "_id")).limit(query.limit()))
                .map(this::summary);
    }

    /** {@code limit} 0 means every message. */
    private Mono<Transcript> transcript(String conversationId, Role audience, long after, int limit) {
        return conversation(conversationId).flatMap(conversation -> {
            Flux<Document> messages = timeline(conversation, audience, after)
                    .filter(entry -> TimelineDocuments.MESSAGE.equals(entry.getString("event")));
            Mono<List<Document>> page = (limit == 0 ? messages : messages.take(limit + 1)).collectList();
            return Mono.zip(page, seenUpTo(conversation)).flatMap(pageAndSeen -> {
                List<Document> entries = pageAndSeen.getT1();
                boolean hasMore = limit > 0 && entries.size() > limit;
                List<Document> shown = hasMore ? entries.subList(0, limit) : entries;
                return editsOf(conversationId, shown).map(edits -> new Transcript(conversationId,
                        conversation.getString("status"), shown.stream().map(entry -> TimelineDocuments.message(entry,
                                audience, edits.getOrDefault(entry.getString("messageId"), List.of()), keys)).toList(),
                        hasMore, pageAndSeen.getT2()));
            });
        });
    }

    /** The edit entries of the given messages, per message id, in order; one query for a whole page. */
    private Mono<Map<String, List<Document>>> editsOf(String conversationId, List<Document> messages) {
        List<Long> edits = messages.stream()
                .flatMap(message -> message.getList("edits", Number.class, List.of()).stream())
                .map(Number::longValue).toList();
        return edits.isEmpty() ? Mono.just(Map.of()) : entries(conversationId, edits)
                .collect(Collectors.groupingBy(entry -> entry.getString("messageId")));
    }

    private Mono<Map<String, Long>> seenUpTo(Document conversation) {
        String conversationId = conversation.getString("_id");
        List<String> receipts = conversation.getList("readers", String.class, List.of()).stream()
                .map(reader -> TimelineDocuments.receiptId(conversationId, reader)).toList();
        return Flux.from(collections.reader(SEEN).find(Filters.in("_id", receipts)))
                .collectMap(seen -> ActorFields.read(seen, "reader"),
                        seen -> seen.get("upToSequence", Number.class).longValue(), TreeMap::new);
    }

    /** Every stream item {@code audience} may see after {@code after}, in order. */
    Flux<StreamItem> timelineAfter(String conversationId, Role audience, long after) {
        return conversation(conversationId).flatMapMany(conversation -> timeline(conversation, audience, after))
                .map(entry -> TimelineDocuments.item(entry, audience, null, keys));
    }

    /**
     * The live items after each conversation's position ({@code afters}: conversation id to the last sequence
     * published), for every audience (each subscriber's feed renders them for its own), in order, read for all of
     * them at once: their documents in one query, then their entries by id, a window of sequences each per query,
     * so a tail of the log publishing many conversations makes two queries, not two per conversation.
     */
    Map<String, List<StreamItem>> liveAfter(Map<String, Long> afters) {
        Map<String, List<StreamItem>> items = new LinkedHashMap<>();
        if (afters.isEmpty()) {
            return items;
        }
        Map<String, Long> last = new LinkedHashMap<>();
        Flux.from(collections.reader(CONVERSATIONS).find(Filters.in("_id", afters.keySet()))).toIterable()
                .forEach(conversation -> last.put(conversation.getString("_id"), lastEntry(conversation)));
        Map<String, Long> from = new LinkedHashMap<>(afters);
        from.keySet().retainAll(last.keySet());
        while (!from.isEmpty()) {
            List<String> ids = new ArrayList<>();
            from.forEach((conversationId, after) -> LongStream.rangeClosed(after + 1,
                            Math.min(after + WINDOW, last.get(conversationId)))
                    .forEach(sequence -> ids.add(TimelineDocuments.entryId(conversationId, sequence))));
            if (!ids.isEmpty()) {
                Flux.from(collections.reader(ENTRIES).find(Filters.in("_id", ids)).sort(BY_SEQUENCE)).toIterable()
                        .forEach(entry -> items.computeIfAbsent(entry.getString("conversationId"),
                                conversationId -> new ArrayList<>()).add(TimelineDocuments.live(entry)));
            }
            from.replaceAll((conversationId, after) -> after + WINDOW);
            from.entrySet().removeIf(window -> window.getValue() >= last.get(window.getKey()));
        }
        return items;
    }

    private Mono<Document> conversation(String conversationId) {
        return Mono.from(collections.reader(CONVERSATIONS).find(Filters.eq("_id", conversationId)).first());
    }

    /**
     * The entries {@code audience} may see (every entry for no audience) after {@code after}, in order. The embedded MongoDB uses an index only
     * for a query on exactly the keys of a unique one, so a range of sequences would scan every conversation's
     * entries; entries are fetched by id instead, a window of sequences at a time up to the last one the
     * conversation document knows of (sequences without an entry just find nothing). A window is read only once the
     * subscriber wants more than the previous ones gave.
     */
    private Flux<Document> timeline(Document conversation, Role audience, long after) {
        String conversationId = conversation.getString("_id");
        long last = lastEntry(conversation);
        // Windows are (from, from + WINDOW], so no sum overflows, even for a resume point of Long.MAX_VALUE.
        return Flux.fromStream(() -> LongStream.iterate(after, from -> from < last, from -> from + WINDOW).boxed())
                .concatMap(from -> entries(conversationId,
                        LongStream.rangeClosed(from + 1, Math.min(from + WINDOW, last)).boxed().toList()))
                .filter(entry -> audience != Role.VISITOR || !entry.getBoolean("agentsOnly", false));
    }

    /**
     * The highest sequence of the conversation's entries. A read model projected before lastEntry existed reads up
     * to lastSequence, which misses only the receipts, edits and queueing after the last message, until
     * livechat-tool rebuilds it.
     */
    private static long lastEntry(Document conversation) {
        return Optional.ofNullable(conversation.get(TimelineDocuments.LAST_ENTRY, Number.class))
                .orElseGet(() -> conversation.get("lastSequence", Number.class)).longValue();
    }

    /** The entries with these sequences that exist, in order: fetched by _id, the one index every server uses. */
    private Flux<Document> entries(String conversationId, List<Long> sequences) {
        return Flux.from(collections.reader(ENTRIES).find(Filters.in("_id", sequences.stream()
                .map(sequence -> TimelineDocuments.entryId(conversationId, sequence)).toList())).sort(BY_SEQUENCE));
    }

    private ConversationSummary summary(Document document) {
        return new ConversationSummary(document.getString("_id"), document.getString("status"),
                document.getString("visitorId"), keys.open(document.getString("topic"), TimelineDocuments.TOPIC), document.getString("requiredSkill"),
                document.getString("assignedAgentId"), instant(document, "startedAt"), instant(document, "closedAt"),
                document.get("lastSequence", Number.class).longValue(),
                document.get("messageCount", Number.class).longValue(),
                document.getList("agents", String.class, List.of()), document.getList("tags", String.class, List.of()));
    }

    private static Instant instant(Document document, String field) {
        return Optional.ofNullable(document.getDate(field)).map(Date::toInstant).orElse(null);
    }
}
