package livechat.tools;

import livechat.events.Actor;
import livechat.events.Role;
import livechat.events.agent.AgentEvent.AgentRegistered;
import livechat.events.conversation.ConversationEvent;
import livechat.events.conversation.ConversationEvent.AgentAssigned;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationRated;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.MessageEdited;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.events.conversation.ConversationEvent.MessagesSeen;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes chat histories into the event store as the command side would: conversations with an agent, messages
 * both ways, an edit, receipts, a close and a rating, so every read model has something to project.
 */
final class History {

    private static final Actor AGENT = new Actor(Role.AGENT, "a-1");

    private final EventStore store;
    private final Map<String, Long> next = new HashMap<>();
    private Instant clock = Instant.parse("2026-05-04T09:00:00Z");

    History(EventStore store) {
        this.store = store;
    }

    void agent() {
        store.publish(event("Agent", "a-1", AGENT,
                new AgentRegistered("a-1", "Ada", Set.of("billing"), 5, new Actor(Role.SUPERVISOR, "s-1"))));
    }

    /** Starts {@code count} conversations of {@code messages} messages each; returns their ids. */
    List<String> conversations(int count, int messages) {
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            String id = "c-" + UUID.randomUUID().toString().substring(0, 8);
            ids.add(id);
            Actor visitor = new Actor(Role.VISITOR, "v-" + c);
            List<EventMessage<?>> events = new ArrayList<>();
            events.add(event(id, visitor, new ConversationStarted(id, visitor.id(), "Refund " + c, "billing")));
            events.add(event(id, AGENT, new AgentAssigned(id, "a-1", "r-" + id, Actor.system("routing"))));
            for (int m = 0; m < messages; m++) {
                events.add(message(id, m % 2 == 0 ? visitor : AGENT, "message " + m));
            }
            events.add(event(id, AGENT, new MessageEdited(id, id + "-m-2", 2L, "message 0, edited", "typo", AGENT)));
            events.add(event(id, visitor, new MessagesSeen(id, visitor, 3)));
            events.add(event(id, visitor, new ConversationClosed(id, visitor, "solved", "a-1")));
            events.add(event(id, visitor, new ConversationRated(id, 4 + c % 2, "thanks", "a-1")));
            store.publish(events);
        }
        return ids;
    }

    private EventMessage<?> message(String id, Actor author, String text) {
        long sequence = next.getOrDefault(id, 0L);
        return event(id, author, new MessageSent(id, id + "-m-" + sequence, "cm-" + sequence, author, text,
                false));
    }

    private EventMessage<?> event(String id, Actor actor, ConversationEvent payload) {
        return event("Conversation", id, actor, payload);
    }

    private EventMessage<?> event(String type, String id, Actor actor, Object payload) {
        long sequence = next.merge(id, 1L, Long::sum) - 1;
        clock = clock.plusSeconds(7);
        return new GenericDomainEventMessage<>(type, id, sequence, payload, MetaData.with("actor", actor.toString()),
                UUID.randomUUID().toString(), clock);
    }
}
