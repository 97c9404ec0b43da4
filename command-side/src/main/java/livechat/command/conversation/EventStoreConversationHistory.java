package livechat.command.conversation;

import livechat.events.conversation.ConversationEvent.MessageSent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.Optional;

/** Reads the event at a sequence from Axon's event store; of the stream from there on, only that event is decoded. */
public final class EventStoreConversationHistory implements ConversationHistory {

    private final EventStore events;

    public EventStoreConversationHistory(EventStore events) {
        this.events = events;
    }

    @Override
    public Optional<MessageSent> messageAt(String conversationId, long sequence) {
        DomainEventStream stream = events.readEvents(conversationId, sequence);
        if (!stream.hasNext()) {
            return Optional.empty();
        }
        DomainEventMessage<?> event = stream.next();
        if (event.getSequenceNumber() != sequence || !(event.getPayload() instanceof MessageSent message)) {
            return Optional.empty();
        }
        return Optional.of(message);
    }
}
