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
 * It reads what has arrived in the log, waits until the transcript processor is past each conversation event of it
 * (the position, in the token store, of the segment that handles the conversation), and then reads each followed
 * conversation's entries after the last item published to it here, in sequence order. The items and their
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
                try (BlockingStream<TrackedEventMessage<?>> stream = events.openStream(position)) {
                    while (!closed) {
                        if (stream.hasNextAvailable((int) IDLE_MS, TimeUnit.MILLISECONDS)) {
                            position = handOver(stream, position);
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

    /** Hands over the events available now after {@code position}; answers the position after them. */
    private TrackingToken handOver(BlockingStream<TrackedEventMessage<?>> stream, TrackingToken position)
            throws InterruptedException {
        Map<String, Long> firstSequences = new LinkedHashMap<>();
        Map<String, List<TrackingToken>> pending = new LinkedHashMap<>();
        Map<String, List<Instant>> stamps = new HashMap<>();
        TrackingToken last = position;
        for (int read = 0; read < BATCH && stream.hasNextAvailable(); read++) {
            TrackedEventMessage<?> event = stream.nextAvailable();
            TrackingToken before = last;
            last = event.trackingToken();
            // The type alone, from the stored event's metadata: the payload is not deserialized (nor its personal
            // content opened) on the nodes that do not project it.
            if (event instanceof DomainEventMessage<?> domain
                    && ConversationEvent.class.isAssignableFrom(domain.getPayloadType())) {
                firstSequences.putIfAbsent(domain.getAggregateIdentifier(), domain.getSequenceNumber());
                pending.computeIfAbsent(domain.getAggregateIdentifier(), id -> new ArrayList<>())
                        .add(ProcessorPositions.position(before, last));
                stamps.computeIfAbsent(domain.getAggregateIdentifier(), id -> new ArrayList<>())
                        .add(domain.getTimestamp());
                record(untilRead, domain.getTimestamp());
            }
        }
        // Awaited even for conversations nobody follows yet: one who starts to meanwhile must find the events in the
        // read model, or be handed them here. Each conversation is handed over as soon as the read model holds all
        // of its events of the batch, not after the whole batch.
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (!pending.isEmpty()) {
            Map<Integer, TrackingToken> transcript = positions.segments(TranscriptProjection.PROCESSING_GROUP);
            Map<String, Long> written = new LinkedHashMap<>();
            pending.entrySet().removeIf(conversation -> {
                boolean handled = ProcessorPositions.handled(transcript, conversation.getKey(),
                        conversation.getValue());
                if (handled) {
                    written.put(conversation.getKey(), firstSequences.get(conversation.getKey()));
                    stamps.get(conversation.getKey()).forEach(stamp -> record(untilProjected, stamp));
                }
                return handled;
            });
            if (!written.isEmpty()) {
                for (String followed : feed.publishWritten(written)) {
                    stamps.get(followed).forEach(stamp -> record(untilPublished, stamp));
                }
            }
            if (!pending.isEmpty()) {
                if (closed || System.nanoTime() > deadline) {
                    throw new IllegalStateException("The transcript read model has not reached the log's head");
                }
                // Followers wait on every poll; without any, a slower pace only delays one who starts to follow
                // meanwhile, and spares the read-model store a query every few milliseconds.
                Thread.sleep(feed.followsAny(pending.keySet()) ? COVERAGE_POLL_MS : UNFOLLOWED_POLL_MS);
            }
        }
        return last;
    }

    private void record(Timer stage, Instant timestamp) {
        Instant now = clock.instant();
        stage.record(timestamp.isBefore(now) ? Duration.between(timestamp, now) : Duration.ZERO);
    }
}
