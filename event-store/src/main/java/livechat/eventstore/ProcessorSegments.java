package livechat.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;

import java.util.Collection;
import java.util.OptionalInt;

/**
 * Which of a processor's segments handles an event, as the server's processors split the log with Axon's default
 * sequencing policy: an aggregate's events by its identifier, an event of no aggregate by its own. A segment is named
 * by its id as the token store keeps it; what it matches follows from the ids of all the processor's segments.
 */
public final class ProcessorSegments {

    private final Segment[] segments;

    /** @param segmentIds the ids of all the processor's segments */
    public ProcessorSegments(Collection<Integer> segmentIds) {
        segments = Segment.computeSegments(segmentIds.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The segment handling the events of the aggregate {@code aggregateId}; empty when none does. */
    public OptionalInt ofAggregate(String aggregateId) {
        return handling(aggregateId);
    }

    /** The segment handling {@code event}; empty when none does. */
    public OptionalInt of(EventMessage<?> event) {
        return handling(event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier()
                : event.getIdentifier());
    }

    private OptionalInt handling(Object sequence) {
        for (Segment segment : segments) {
            if (segment.matches(sequence)) {
                return OptionalInt.of(segment.getSegmentId());
            }
        }
        return OptionalInt.empty();
    }
}
