package livechat.api.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import livechat.events.conversation.ConversationEvent;
import livechat.query.transcript.ConversationFeed;
import livechat.query.transcript.TranscriptProjection;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * This node's live streams, derived from the shared stores: every node follows the event log itself, from its head
 * when it starts, and hands each conversation's new transcript items to its own subscribers
 * ({@code ConversationUpdates}) once the shared transcript read model holds them, whichever node projected them.
 * <p>
 * It reads what has arrived in the log, waits until the transcript processor's stored positions (in the token
 * store, every segment's) are past each conversation event of it, and then reads each followed conversation's
 * entries after the last item published to it here, in sequence order. The items and their sequences are the read
 * model's, so a stream resumed with {@code Last-Event-ID} on any node continues where it was; the sequence gate in
 * {@code ConversationUpdates} publishes each once. A subscriber that arrives meanwhile finds the items in its
 * catch-up instead, since its channel is checked only after the read model covers them
 * ({@link ConversationFeed#publishWritten}). When a store fails, the same events are read again from the last
 * position fully handed over.
 */
final class LiveTail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveTail.class);
    private static final int BATCH = 1_000;
    private static final long IDLE_MS = 1_000;
    private static final long COVERAGE_POLL_MS = 10;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final long RETRY_MS = 1_000;

    private final StreamableMessageSource<TrackedEventMessage<?>> events;
    private final MongoCollection<Document> tokens;
    private final Serializer serializer;
    private final ConversationFeed feed;
    private final Thread tail;
    private volatile boolean closed;

    /** @param tokens the token store's collection, where the transcript processor's positions are */
    LiveTail(StreamableMessageSource<TrackedEventMessage<?>> events, MongoCollection<Document> tokens,
             Serializer serializer, ConversationFeed feed) {
        this.events = events;
        this.tokens = tokens;
        this.serializer = serializer;
        this.feed = feed;
        tail = new Thread(this::follow, "live-tail");
        tail.setDaemon(true);
        tail.start();
    }

    @Override
    public void close() {
        closed = true;
        tail.interrupt();
    }

    private void follow() {
        TrackingToken position = null;
        boolean positioned = false;
        while (!closed) {
            try {
                if (!positioned) {
                    position = events.createHeadToken();
                    positioned = true;
                }
                try (BlockingStream<TrackedEventMessage<?>> stream = events.openStream(position)) {
                    while (!closed) {
                        if (stream.hasNextAvailable((int) IDLE_MS, TimeUnit.MILLISECONDS)) {
                            position = handOver(stream);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.debug("Live streams wait for the stores; reading the log again from the last handed over", e);
                try {
                    Thread.sleep(RETRY_MS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Hands over the events available now; answers the position after them. */
    private TrackingToken handOver(BlockingStream<TrackedEventMessage<?>> stream) throws InterruptedException {
        Map<String, Long> firstSequences = new LinkedHashMap<>();
        List<TrackingToken> conversationEvents = new ArrayList<>();
        TrackingToken last = null;
        for (int read = 0; read < BATCH && stream.hasNextAvailable(); read++) {
            TrackedEventMessage<?> event = stream.nextAvailable();
            last = event.trackingToken();
            if (event instanceof DomainEventMessage<?> domain && domain.getPayload() instanceof ConversationEvent) {
                firstSequences.putIfAbsent(domain.getAggregateIdentifier(), domain.getSequenceNumber());
                conversationEvents.add(last);
            }
        }
        if (!conversationEvents.isEmpty()) {
            // Awaited even when nobody follows these conversations yet: one who starts to meanwhile must find the
            // events in the read model, or be handed them here.
            awaitTranscript(conversationEvents);
            feed.publishWritten(firstSequences);
        }
        return last;
    }

    /** Until every segment of the transcript processor has stored a position past each of {@code events}. */
    private void awaitTranscript(List<TrackingToken> events) throws InterruptedException {
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (!handled(events)) {
            if (closed || System.nanoTime() > deadline) {
                throw new IllegalStateException("The transcript read model has not reached the log's head");
            }
            Thread.sleep(COVERAGE_POLL_MS);
        }
    }

    private boolean handled(List<TrackingToken> events) {
        List<TrackingToken> segments = new ArrayList<>();
        for (Document token : tokens.find(Filters.eq("processorName", TranscriptProjection.PROCESSING_GROUP))) {
            Binary data = token.get("token", Binary.class);
            if (data == null) {
                return false;
            }
            segments.add(serializer.deserialize(new SimpleSerializedObject<>(data.getData(), byte[].class,
                    token.getString("tokenType"), null)));
        }
        return !segments.isEmpty() && segments.stream().allMatch(segment -> events.stream()
                .allMatch(event -> handled(WrappedToken.unwrapLowerBound(segment), event)));
    }

    /**
     * Whether a processor at {@code segment} has handled the event at {@code event}. Gap-aware tokens (JDBC) are
     * compared by index and gaps alone: {@code covers} also asks for the same older gaps in both, which a tail
     * started at the head never had.
     */
    private static boolean handled(TrackingToken segment, TrackingToken event) {
        if (segment instanceof GapAwareTrackingToken processor && event instanceof GapAwareTrackingToken at) {
            return at.getIndex() <= processor.getIndex() && !processor.getGaps().contains(at.getIndex());
        }
        return segment != null && segment.covers(event);
    }
}
