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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * This node's live streams, derived from the shared stores: every node follows the event log itself, from its head
 * when it starts, and hands each conversation's new transcript items to its own subscribers
 * ({@code ConversationUpdates}) once the shared transcript read model holds them, whichever node projected them.
 * <p>
 * It reads the log as events arrive and keeps reading while earlier ones wait: a conversation is handed over once the
 * transcript processor is past every event of it read so far (the position, in the token store, of the segment that
 * handles the conversation), and then each followed conversation's entries after the last item published to it
 * here are read, in sequence order. The items and their
 * sequences are the read model's, so a stream resumed with {@code Last-Event-ID} on any node continues where it was;
 * the sequence gate in {@code ConversationUpdates} publishes each once. A subscriber that arrives meanwhile finds the
 * items in its catch-up instead, since its channel is checked only after the read model covers them
 * ({@link ConversationFeed#publishWritten}). When a store fails, the same events are read again from the last
 * position fully handed over.
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
                Reading reading = new Reading(position);
                Map<String, Pending> pending = new LinkedHashMap<>();
                try (BlockingStream<TrackedEventMessage<?>> stream = events.openStream(position)) {
                    long nextCheck = System.nanoTime();
                    while (!closed) {
                        // The log is read on while earlier events wait for the read model, so each event's wait
                        // starts when it arrives, not when those before it were handed over.
                        long untilCheck = Math.max(0, TimeUnit.NANOSECONDS.toMillis(nextCheck - System.nanoTime()));
                        if (reading.held >= MAX_PENDING) {
                            Thread.sleep(untilCheck);
                        } else if (stream.hasNextAvailable((int) (pending.isEmpty() ? IDLE_MS : untilCheck),
                                TimeUnit.MILLISECONDS)) {
                            reading.read(stream, pending);
                        }
                        if (!pending.isEmpty() && System.nanoTime() - nextCheck >= 0) {
                            reading.held -= handOverProjected(pending);
                            // Followers wait on every check; without any, a slower pace only delays one who starts
                            // to follow meanwhile, and spares the read-model store a query every few milliseconds.
                            nextCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
                                    feed.followsAny(pending.keySet()) ? COVERAGE_POLL_MS : UNFOLLOWED_POLL_MS);
                        }
                        // Read again from here should a store fail: before every event not yet handed over.
                        position = pending.isEmpty() ? reading.last : pending.values().iterator().next().from;
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
     * A conversation's events read and not yet handed over: where the log is read again from should this node fail
     * to hand them over, its first new sequence, their positions and timestamps, and until when the read model may
     * take to hold them.
     */
    private record Pending(TrackingToken from, long firstSequence, List<TrackingToken> positions,
                           List<Instant> stamps, long deadline) {
    }

    /** The log as read so far: the token of the last event read, and how many read events are pending. */
    private final class Reading {
        private TrackingToken last;
        private int held;

        Reading(TrackingToken from) {
            last = from;
        }

        /** Adds the conversation events available now, at most {@link #BATCH}, to what is pending. */
        void read(BlockingStream<TrackedEventMessage<?>> stream, Map<String, Pending> pending)
                throws InterruptedException {
            for (int read = 0; read < BATCH && stream.hasNextAvailable(); read++) {
                TrackedEventMessage<?> event = stream.nextAvailable();
                TrackingToken before = last;
                last = event.trackingToken();
                // The type alone, from the stored event's metadata: the payload is not deserialized (nor its
                // personal content opened) on the nodes that do not project it.
                if (event instanceof DomainEventMessage<?> domain
                        && ConversationEvent.class.isAssignableFrom(domain.getPayloadType())) {
                    Pending conversation = pending.computeIfAbsent(domain.getAggregateIdentifier(),
                            id -> new Pending(before, domain.getSequenceNumber(), new ArrayList<>(),
                                    new ArrayList<>(), System.nanoTime() + READ_TIMEOUT.toNanos()));
                    conversation.positions.add(ProcessorPositions.position(before, last));
                    conversation.stamps.add(domain.getTimestamp());
                    held++;
                    record(untilRead, domain.getTimestamp());
                }
            }
        }
    }

    /**
     * Hands over each pending conversation the read model now holds all the read events of, to the subscribers
     * here; answers how many events that was. Every event is awaited, even of conversations nobody follows yet: one
     * who starts to meanwhile must find the events in the read model, or be handed them here.
     */
    private int handOverProjected(Map<String, Pending> pending) {
        Map<Integer, TrackingToken> transcript = positions.segments(TranscriptProjection.PROCESSING_GROUP);
        Map<String, Long> written = new LinkedHashMap<>();
        Map<String, Pending> handed = new HashMap<>();
        long now = System.nanoTime();
        pending.entrySet().removeIf(entry -> {
            Pending conversation = entry.getValue();
            if (!ProcessorPositions.handled(transcript, entry.getKey(), conversation.positions)) {
                if (closed || now - conversation.deadline > 0) {
                    throw new IllegalStateException("The transcript read model has not reached the log's head");
                }
                return false;
            }
            written.put(entry.getKey(), conversation.firstSequence);
            handed.put(entry.getKey(), conversation);
            conversation.stamps.forEach(stamp -> record(untilProjected, stamp));
            return true;
        });
        if (!written.isEmpty()) {
            for (String followed : feed.publishWritten(written)) {
                handed.get(followed).stamps.forEach(stamp -> record(untilPublished, stamp));
            }
        }
        return handed.values().stream().mapToInt(conversation -> conversation.positions.size()).sum();
    }

    private void record(Timer stage, Instant timestamp) {
        Instant now = clock.instant();
        stage.record(timestamp.isBefore(now) ? Duration.between(timestamp, now) : Duration.ZERO);
    }
}
