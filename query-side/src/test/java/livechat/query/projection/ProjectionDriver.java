package livechat.query.projection;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Delivers events to a projection the way Axon's streaming processors do: a batch in one {@link BatchingUnitOfWork},
 * through the projection's annotated handlers and interceptors.
 */
public final class ProjectionDriver {

    private final AnnotationEventHandlerAdapter adapter;

    public ProjectionDriver(Object projection) {
        adapter = new AnnotationEventHandlerAdapter(projection);
    }

    public static DomainEventMessage<?> event(String aggregateId, long sequence, Object payload, Instant at) {
        return new GenericDomainEventMessage<>("Conversation", aggregateId, sequence, payload, MetaData.emptyInstance(),
                UUID.nameUUIDFromBytes((aggregateId + sequence).getBytes()).toString(), at);
    }

    public static DomainEventMessage<?> event(String aggregateId, long sequence, Object payload, Instant at,
                                              String actor) {
        return event(aggregateId, sequence, payload, at).andMetaData(MetaData.with("actor", actor));
    }

    /** The events as a streaming processor reads them: each with its global position, from {@code first} on. */
    public static List<EventMessage<?>> tracked(List<? extends DomainEventMessage<?>> events, long first) {
        List<EventMessage<?>> tracked = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            tracked.add(new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(first + i),
                    events.get(i)));
        }
        return tracked;
    }

    /** Like a streaming processor, hands the projection only the events it has handlers for. */
    public void deliver(List<? extends EventMessage<?>> batch) throws Exception {
        List<EventMessage<?>> handled = new ArrayList<>();
        batch.stream().filter(adapter::canHandle).forEach(handled::add);
        if (handled.isEmpty()) {
            return;
        }
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(handled);
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> adapter.handle(unitOfWork.getMessage()));
        if (result.isExceptional()) {
            throw new IllegalStateException("the batch failed", result.exceptionResult());
        }
    }
}
