package livechat.api.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import livechat.events.conversation.ConversationEvent;
import livechat.query.transcript.ConversationFeed;
import livechat.query.transcript.TranscriptProjection;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * This node's live streams, derived from the shared stores: every node follows the event log itself, from its head
 * when it starts, and hands each conversation's new transcript items to its own subscribers
 * ({@code ConversationUpdates}) once the shared transcript read model holds them, whichever node projected them.
 * <p>
 * It reads the log as events arrive and keeps reading while earlier ones wait: a conversation's events are handed
 * over, in the order read, as the transcript processor gets past each (the position, in the token store, of the
 * segment that handles the conversation), and then each followed conversation's entries after the last item
 * published to it here are read, in sequence order. The items and their sequences are the read model's, so a stream
 * resumed with {@code Last-Event-ID} on any node continues where it was; the sequence gate in
 * {@code ConversationUpdates} publishes each once. A subscriber that arrives meanwhile finds the items in its
 * catch-up instead, since its channel is checked only after the read model covers them
 * ({@link ConversationFeed#publishWritten}). When a store fails, the log is read again from before the first event
 * not yet handed over.
 * <p>
 * How late each conversation event is, from its timestamp (taken where the command was handled) to each step here,
 * is the timer {@code livechat.live.delay}, tagged with the {@code stage}: {@code read} from the log, {@code
 * projected} (the transcript read model holds it) and {@code published} to this node's subscribers, for the
 * conversations followed here. Across nodes it includes their clocks' difference.
 */
final class LiveTail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveTail.class);
    private static final int BATCH = 1_000;
    /** Events read and not yet handed over, beyond which the log is not read further until some are. */
    private static final int MAX_PENDING = 50_000;
    private static final long IDLE_MS = 1_000;
    private static final long COVERAGE_POLL_MS = 10;
    private static final long UNFOLLOWED_POLL_MS = 50;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final long RETRY_MS = 1_000;

    private final StreamableMessageSource<TrackedEventMessage<?>> events;
    private final ProcessorPositions positions;
    private final ConversationFeed feed;
    private final Clock clock;
    private final Timer untilRead;
    private final Timer untilProjected;
    private final Timer untilPublished;
    private final Thread tail;
    private volatile boolean closed;

    LiveTail(StreamableMessageSource<TrackedEventMessage<?>> events, ProcessorPositions positions,
             ConversationFeed feed, MeterRegistry meters, Clock clock) {
        this.events = events;
        this.positions = positions;
        this.feed = feed;
        this.clock = clock;
        untilRead = delay(meters, "read", "read from the event log");
        untilProjected = delay(meters, "projected", "held by the transcript read model");
        untilPublished = delay(meters, "published", "published to this node's subscribers");
        tail = new Thread(this::follow, "live-tail");
        tail.setDaemon(true);
        tail.start();
    }

    private static Timer delay(MeterRegistry meters, String stage, String until) {
        return Timer.builder("livechat.live.delay").tag("stage", stage)
                .description("From a conversation event's timestamp until it is " + until + " on this node")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(READ_TIMEOUT).serviceLevelObjectives(Duration.ofMillis(250)).register(meters);
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
                Pending pending = new Pending(position);
                try (BlockingStream<TrackedEventMessage<?>> stream = events.openStream(position)) {
                    long nextCheck = System.nanoTime();
                    while (!closed) {
                        // The log is read on while earlier events wait for the read model, so each event's wait
                        // starts when it arrives, not when those before it were handed over.
                        long untilCheck = Math.max(0, TimeUnit.NANOSECONDS.toMillis(nextCheck - System.nanoTime()));
                        if (pending.size() >= MAX_PENDING) {
                            Thread.sleep(untilCheck);
                        } else if (stream.hasNextAvailable((int) (pending.isEmpty() ? IDLE_MS : untilCheck),
                                TimeUnit.MILLISECONDS)) {
                            pending.read(stream);
                        }
                        if (!pending.isEmpty() && System.nanoTime() - nextCheck >= 0) {
                            pending.handOverProjected();
                            // Followers wait on every check; without any, a slower pace only delays one who starts
                            // to follow meanwhile, and spares the read-model store a query every few milliseconds.
                            nextCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
                                    feed.followsAny(pending.conversations()) ? COVERAGE_POLL_MS : UNFOLLOWED_POLL_MS);
                        }
                        position = pending.resumeFrom();
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

    /**
     * A conversation event read and not yet handed over: its place in the order read, its position
     * ({@link ProcessorPositions#position}), its sequence and timestamp, and when it was read
     * ({@link System#nanoTime}).
     */
    private record Read(long order, TrackingToken position, long sequence, Instant stamp, long readAt) {
    }

    /** The conversation events read from the log and not yet handed over, by conversation in the order read. */
    private final class Pending {
        private final Map<String, List<Read>> byConversation = new LinkedHashMap<>();
        /** The token before each pending event, by the order read: the log is read again from the first. */
        private final TreeMap<Long, TrackingToken> unhanded = new TreeMap<>();
        private TrackingToken last;
        private long order;

        Pending(TrackingToken from) {
            last = from;
        }

        boolean isEmpty() {
            return unhanded.isEmpty();
        }

        int size() {
            return unhanded.size();
        }

        Set<String> conversations() {
            return byConversation.keySet();
        }

        /** Where to read the log again from should a store fail: before every event not yet handed over. */
        TrackingToken resumeFrom() {
            return unhanded.isEmpty() ? last : unhanded.firstEntry().getValue();
        }

        /** Adds the conversation events available now, at most {@link #BATCH}. */
        void read(BlockingStream<TrackedEventMessage<?>> stream) throws InterruptedException {
            for (int read = 0; read < BATCH && stream.hasNextAvailable(); read++) {
                TrackedEventMessage<?> event = stream.nextAvailable();
                TrackingToken before = last;
                last = event.trackingToken();
                // The type alone, from the stored event's metadata: the payload is not deserialized (nor its
                // personal content opened) on the nodes that do not project it.
                if (event instanceof DomainEventMessage<?> domain
                        && ConversationEvent.class.isAssignableFrom(domain.getPayloadType())) {
                    Read pending = new Read(order++, ProcessorPositions.position(before, last),
                            domain.getSequenceNumber(), domain.getTimestamp(), System.nanoTime());
                    byConversation.computeIfAbsent(domain.getAggregateIdentifier(), id -> new ArrayList<>())
                            .add(pending);
                    unhanded.put(pending.order(), before);
                    record(untilRead, pending.stamp());
                }
            }
        }

        /**
         * Hands over, for each conversation, the events read that the read model now holds, up to the first it does
         * not, to the subscribers here: a conversation whose events keep coming is handed over as they are
         * projected, not only once none is pending. Every event is awaited, even of conversations nobody follows
         * yet: one who starts to meanwhile must find the events in the read model, or be handed them here.
         */
        void handOverProjected() {
            Map<Integer, TrackingToken> transcript = positions.segments(TranscriptProjection.PROCESSING_GROUP);
            Map<String, Long> written = new LinkedHashMap<>();
            Map<String, List<Read>> handed = new HashMap<>();
            long now = System.nanoTime();
            for (Iterator<Map.Entry<String, List<Read>>> entries = byConversation.entrySet().iterator();
                 entries.hasNext(); ) {
                Map.Entry<String, List<Read>> conversation = entries.next();
                List<Read> reads = conversation.getValue();
                int projected = 0;
                while (projected < reads.size() && ProcessorPositions.handled(transcript, conversation.getKey(),
                        List.of(reads.get(projected).position()))) {
                    projected++;
                }
                if (projected == 0) {
                    if (closed || now - reads.get(0).readAt() > READ_TIMEOUT.toNanos()) {
                        throw new IllegalStateException("The transcript read model has not reached the log's head");
                    }
                    continue;
                }
                List<Read> done = List.copyOf(reads.subList(0, projected));
                reads.subList(0, projected).clear();
                if (reads.isEmpty()) {
                    entries.remove();
                }
                done.forEach(read -> {
                    unhanded.remove(read.order());
                    record(untilProjected, read.stamp());
                });
                written.put(conversation.getKey(), done.get(0).sequence());
                handed.put(conversation.getKey(), done);
            }
            if (!written.isEmpty()) {
                for (String followed : feed.publishWritten(written)) {
                    handed.get(followed).forEach(read -> record(untilPublished, read.stamp()));
                }
            }
        }
    }

    private void record(Timer stage, Instant timestamp) {
        Instant now = clock.instant();
        stage.record(timestamp.isBefore(now) ? Duration.between(timestamp, now) : Duration.ZERO);
    }
}
