package livechat.api.store;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * Waits, without blocking a thread, until a projection has handled every event the log held when the wait began.
 * A refusal that rests on a read model (an agent who is not, or not yet, shown holding a conversation) waits for it
 * first, so a client never gets a refusal for something its own earlier request made true.
 */
public final class ProjectionCatchUp {

    private static final Duration POLL = Duration.ofMillis(25);
    private static final int POLLS = 200;
    /** When this node holds no segment of the processor, nothing tells how far it is: a short pause instead. */
    private static final Duration UNKNOWN = Duration.ofMillis(250);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final StoreWork storeWork;

    public ProjectionCatchUp(EventProcessingConfiguration processing, EventStore eventStore, StoreWork storeWork) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.storeWork = storeWork;
    }

    /** Completes once {@code processor} has caught up with the log's head as of now, or after 5 s at most. */
    public Mono<Void> await(String processor) {
        return storeWork.run(() -> position(eventStore.createHeadToken())).flatMap(head -> {
            if (position(processor).isEmpty()) {
                return Mono.delay(UNKNOWN).then();
            }
            return Mono.fromSupplier(() -> position(processor).orElse(Long.MAX_VALUE) >= head)
                    .filter(caughtUp -> caughtUp)
                    .repeatWhenEmpty(POLLS, attempts -> attempts.delayElements(POLL))
                    .onErrorResume(IllegalStateException.class, gaveUp -> Mono.empty())
                    .then();
        });
    }

    /** The position of the processor's slowest segment, if this node holds any. */
    private Optional<Long> position(String processor) {
        return processing.eventProcessor(processor, StreamingEventProcessor.class)
                .map(StreamingEventProcessor::processingStatus)
                .map(status -> status.values())
                .filter(segments -> !segments.isEmpty())
                .map(ProjectionCatchUp::slowest);
    }

    private static long slowest(Collection<EventTrackerStatus> segments) {
        return segments.stream().map(EventTrackerStatus::getTrackingToken)
                .mapToLong(token -> position(token == null ? null : WrappedToken.unwrapLowerBound(token)))
                .min().orElse(-1);
    }

    private static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }
}
