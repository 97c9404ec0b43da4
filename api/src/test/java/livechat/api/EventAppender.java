package livechat.api;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;

import java.time.Instant;
import java.util.UUID;

/**
 * Appends events to the running server's event store directly, as the command side would, for read-model tests
 * that need facts no HTTP command can produce yet.
 */
public final class EventAppender {

    private final EventStore store;

    public EventAppender(EventStore store) {
        this.store = store;
    }

    /** Appends {@code payload} as the next event of {@code aggregateId}, caused by {@code actor} at {@code at}. */
    public long append(String aggregateType, String aggregateId, String actor, Instant at, Object payload) {
        long sequence = store.lastSequenceNumberFor(aggregateId).map(last -> last + 1).orElse(0L);
        store.publish(new GenericDomainEventMessage<>(aggregateType, aggregateId, sequence, payload,
                MetaData.with("actor", actor), UUID.randomUUID().toString(), at));
        return sequence;
    }

    public long conversation(String conversationId, String actor, Instant at, Object payload) {
        return append("Conversation", conversationId, actor, at, payload);
    }

    public long agent(String agentId, String actor, Instant at, Object payload) {
        return append("Agent", agentId, actor, at, payload);
    }
}
