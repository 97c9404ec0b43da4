package livechat.api.store;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Waits, without blocking a thread, until a projection has handled every event the log held when the wait began,
 * as its positions in the shared token store tell ({@link ProcessorPositions}), whichever node runs its segments.
 * A refusal that rests on a read model (an agent who is not, or not yet, shown holding a conversation) waits for it
 * first, so a client never gets a refusal for something its own earlier request made true.
 */
public final class ProjectionCatchUp {

    private static final Duration POLL = Duration.ofMillis(25);
    private static final Duration AT_MOST = Duration.ofSeconds(5);

    private final ProcessorPositions positions;
    private final EventStorageEngine log;
    private final StoreWork storeWork;

    public ProjectionCatchUp(ProcessorPositions positions, EventStorageEngine log, StoreWork storeWork) {
        this.positions = positions;
        this.log = log;
        this.storeWork = storeWork;
    }

    /** Completes once {@code processor} has caught up with the log's head as of now, or after 5 s at most. */
    public Mono<Void> await(String processor) {
        return await(processor, AT_MOST).then();
    }

    /**
     * Answers whether {@code processor} caught up with the log's head as of now within {@code atMost}. A processor
     * with no segment in the store yet has not started: it has caught up only with an empty log.
     */
    public Mono<Boolean> await(String processor, Duration atMost) {
        return storeWork.run(() -> position(log.createHeadToken())).flatMap(head -> storeWork
                        .run(() -> caughtUp(positions.segments(processor), head, this::firstAfter))
                        .filter(caughtUp -> caughtUp)
                        .repeatWhenEmpty(Math.max(1, (int) (atMost.toMillis() / POLL.toMillis())),
                                attempts -> attempts.delayElements(POLL)))
                .onErrorResume(IllegalStateException.class, gaveUp -> Mono.just(false));
    }

    /**
     * Whether a processor at {@code segments} (as {@link ProcessorPositions#segments} found them) has handled every
     * event up to the log position {@code head}: each segment is at or past it, and none still waits for an event
     * at or below it that has committed since ({@code firstAfter}: the position of the first event the log holds
     * after a segment's, in the log's order). On PostgreSQL an event can commit after later ones; a segment that
     * read those keeps the event's index as a gap, and reads it at its next fetch. Other gaps are numbers no event
     * took (an append that rolled back), and the log has nothing there. With no segments, the processor has not
     * started: only an empty log is caught up with.
     */
    static boolean caughtUp(Map<Integer, TrackingToken> segments, long head,
                            Function<TrackingToken, Optional<TrackingToken>> firstAfter) {
        if (segments.isEmpty()) {
            return head < 0;
        }
        return segments.values().stream().allMatch(segment -> position(segment) >= head
                && !(segment instanceof GapAwareTrackingToken gapAware
                && !gapAware.getGaps().headSet(head + 1).isEmpty()
                && firstAfter.apply(segment).map(next -> ProcessorPositions.position(segment, next))
                .filter(next -> position(next) <= head).isPresent()));
    }

    /** The position of the first event the log holds after {@code position}: a gap it filled comes first. */
    private Optional<TrackingToken> firstAfter(TrackingToken position) {
        try (Stream<? extends TrackedEventMessage<?>> events = log.readEvents(position, false)) {
            return events.findFirst().map(TrackedEventMessage::trackingToken);
        }
    }

    private static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }
}
