package livechat.query.transcript;

import livechat.query.live.ConversationUpdates;
import livechat.query.live.StreamItem;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A conversation's stream for one subscriber: what the read model holds after the subscriber's last seen sequence,
 * then live items, with nothing lost in between and nothing repeated. Live items are captured from before the read
 * model is queried, and anything the catch-up already delivered is dropped by sequence.
 */
public final class ConversationFeed {

    /** Live items a slow subscriber may fall behind by before its stream ends; it then resumes from its last id. */
    static final int LIVE_BUFFER = 10_000;
    private static final int CHUNK = 16;

    private final TranscriptQueries queries;
    private final ConversationUpdates updates;

    public ConversationFeed(TranscriptQueries queries, ConversationUpdates updates) {
        this.queries = queries;
        this.updates = updates;
    }

    /**
     * Publishes to this node's followers of each conversation, in order, the entries the read model holds after the
     * last item published to them, or from its first new sequence ({@code firstNew}) when nothing has been: called
     * once the read model holds an event at that sequence or later. Nothing is read for a conversation nobody here
     * follows, and the rest are read together. Answers the conversations it read, those followed here.
     */
    public Set<String> publishWritten(Map<String, Long> firstNew) {
        Map<String, Long> afters = new LinkedHashMap<>();
        firstNew.forEach((conversationId, first) -> {
            if (updates.followed(conversationId)) {
                afters.put(conversationId, updates.lastPublished(conversationId).orElse(first - 1));
            }
        });
        queries.liveAfter(afters).forEach((conversationId, items) ->
                items.forEach(item -> updates.publish(conversationId, item)));
        return afters.keySet();
    }

    /** Whether anyone on this node follows one of the conversations. */
    public boolean followsAny(Collection<String> conversationIds) {
        return conversationIds.stream().anyMatch(updates::followed);
    }

    public Flux<StreamItem> handle(FollowConversation query) {
        return Flux.defer(() -> {
            // A unicast sink holds live items until the catch-up is done and concat subscribes to it; a published
            // (multicast) flux would drop whatever arrives while it has no subscriber yet. Its queue grows in small
            // chunks: a bounded queue of LIVE_BUFFER slots would be allocated whole for every subscriber, 64 KB
            // each, most of the heap at ten thousand subscribers.
            Sinks.Many<StreamItem> pending = Sinks.many().unicast()
                    .onBackpressureBuffer(Queues.<StreamItem>unbounded(CHUNK).get());
            AtomicInteger buffered = new AtomicInteger();
            Disposable feeding = updates.follow(query.conversationId())
                    .filter(item -> item.visibleTo(query.audience()))
                    .map(item -> TimelineDocuments.render(item, query.audience(), queries.keys()))
                    .subscribe(item -> {
                        if (buffered.incrementAndGet() > LIVE_BUFFER || pending.tryEmitNext(item).isFailure()) {
                            pending.tryEmitError(new IllegalStateException("the subscriber fell more than "
                                    + LIVE_BUFFER + " items behind; it resumes from its last id"));
                        }
                    }, pending::tryEmitError);
            AtomicLong lastDelivered = new AtomicLong(query.after());
            return Flux.concat(queries.timelineAfter(query.conversationId(), query.audience(), query.after()),
                            pending.asFlux().doOnNext(item -> buffered.decrementAndGet()))
                    .filter(item -> item.sequence() == null || item.sequence() > lastDelivered.get())
                    .doOnNext(item -> {
                        if (item.sequence() != null) {
                            lastDelivered.set(item.sequence());
                        }
                    })
                    .doFinally(signal -> feeding.dispose());
        });
    }
}
