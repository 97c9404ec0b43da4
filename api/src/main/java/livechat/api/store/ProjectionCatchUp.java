package livechat.api.store;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.OptionalLong;

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
    private final EventStore eventStore;
    private final StoreWork storeWork;

    public ProjectionCatchUp(ProcessorPositions positions, EventStore eventStore, StoreWork storeWork) {
        this.positions = positions;
        this.eventStore = eventStore;
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
        return storeWork.run(() -> position(eventStore.createHeadToken())).flatMap(head -> storeWork
                        .run(() -> caughtUp(positions.slowest(processor), head))
                        .filter(caughtUp -> caughtUp)
                        .repeatWhenEmpty(Math.max(1, (int) (atMost.toMillis() / POLL.toMillis())),
                                attempts -> attempts.delayElements(POLL)))
                .onErrorResume(IllegalStateException.class, gaveUp -> Mono.just(false));
    }

    private static boolean caughtUp(OptionalLong slowest, long head) {
        return slowest.orElse(-1) >= head;
    }

    private static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }
}
