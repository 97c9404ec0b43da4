package livechat.command.conversation;

import livechat.command.conversation.ConversationCommand.EditMessage;
import livechat.command.conversation.ConversationCommand.RedactMessage;
import livechat.command.conversation.ConversationCommand.SendMessage;
import livechat.events.Actor;
import livechat.events.conversation.ConversationEvent.AgentAssigned;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.MessageEdited;
import livechat.events.conversation.ConversationEvent.MessageRedacted;
import livechat.events.conversation.ConversationEvent.MessageSent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static livechat.command.Violations.violates;

/**
 * Every id hashes to the same number here, the worst a hash can do: a conversation must still tell its messages
 * apart by the ids in their events, for resends, edits and redactions alike.
 */
class ConversationIdCollisionTest {

    private static final String ID = "c-1";
    private static final Actor VISITOR = Actor.parse("visitor:v-1");
    private static final Actor AGENT = Actor.parse("agent:a-1");
    private static final Actor SUPERVISOR = Actor.parse("supervisor:s-1");
    private static final ConversationStarted STARTED = new ConversationStarted(ID, "v-1", "Refund", null);
    private static final AgentAssigned ASSIGNED = new AgentAssigned(ID, "a-1", "r-1", SUPERVISOR);
    private static final MessageSent HELLO = new MessageSent(ID, "m-1", "cm-1", VISITOR, "Hello", false);
    private static final MessageSent REPLY = new MessageSent(ID, "m-2", "cm-2", AGENT, "Hi", false);

    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Conversation.class);
        // Before the factory: registering it builds the repository with the resources registered so far.
        fixture.registerInjectableResource(new EventStoreConversationHistory(fixture.getEventStore()));
        fixture.registerAggregateFactory(new EveryIdCollides());
    }

    private static SendMessage send(Actor actor, String clientMessageId, String text) {
        return new SendMessage(ID, actor, clientMessageId, "m-new", text, false);
    }

    @Test
    void aNewClientMessageIdSharingAHashIsANewMessageEvenWithTheSameText() {
        fixture.given(STARTED, HELLO)
                .when(send(VISITOR, "cm-9", "Hello"))
                .expectEvents(new MessageSent(ID, "m-new", "cm-9", VISITOR, "Hello", false))
                .expectResultMessagePayload(new MessageAccepted("m-new", 2, false));
    }

    @Test
    void aResendFindsItsOriginalAmongMessagesSharingItsHash() {
        fixture.given(STARTED, ASSIGNED, HELLO, REPLY)
                .when(send(VISITOR, "cm-1", "Hello"))
                .expectNoEvents()
                .expectResultMessagePayload(new MessageAccepted("m-1", 2, true));
        fixture.given(STARTED, ASSIGNED, HELLO, REPLY)
                .when(send(AGENT, "cm-2", "Hi"))
                .expectNoEvents()
                .expectResultMessagePayload(new MessageAccepted("m-2", 3, true));
    }

    @Test
    void aResendWithTheTextOfAnotherMessageSharingItsHashIsRefused() {
        fixture.given(STARTED, ASSIGNED, HELLO, REPLY)
                .when(send(VISITOR, "cm-1", "Hi"))
                .expectNoEvents()
                .expectException(violates("client-message-id-reused"));
    }

    @Test
    void anEditFindsTheAuthorOfTheMessageItNames() {
        fixture.given(STARTED, ASSIGNED, HELLO, REPLY)
                .when(new EditMessage(ID, AGENT, "m-2", "Hi there", null))
                .expectEvents(new MessageEdited(ID, "m-2", 3L, "Hi there", null, AGENT));
    }

    @Test
    void anEditOfAnotherAuthorsMessageSharingTheHashIsRefused() {
        fixture.given(STARTED, ASSIGNED, HELLO, REPLY)
                .when(new EditMessage(ID, AGENT, "m-1", "Hijacked", null))
                .expectNoEvents()
                .expectException(violates("edit-by-author-or-supervisor"));
    }

    @Test
    void anUnknownMessageIdSharingAHashIsNotFound() {
        fixture.given(STARTED, ASSIGNED, HELLO, REPLY)
                .when(new RedactMessage(ID, SUPERVISOR, "m-404", "abuse"))
                .expectNoEvents()
                .expectException(violates("message-not-found"));
    }

    @Test
    void aRedactionCoversOnlyTheMessageItNames() {
        MessageRedacted redacted = new MessageRedacted(ID, "m-1", 2L, "abuse", SUPERVISOR);
        fixture.given(STARTED, ASSIGNED, HELLO, REPLY, redacted)
                .when(new EditMessage(ID, AGENT, "m-2", "Hi again", null))
                .expectEvents(new MessageEdited(ID, "m-2", 3L, "Hi again", null, AGENT));
        fixture.given(STARTED, ASSIGNED, HELLO, REPLY, redacted)
                .when(new EditMessage(ID, VISITOR, "m-1", "Hello again", null))
                .expectNoEvents()
                .expectException(violates("message-redacted"));
    }

    private static final class EveryIdCollides implements AggregateFactory<Conversation> {

        @Override
        public Conversation createAggregateRoot(String aggregateIdentifier, DomainEventMessage<?> firstEvent) {
            return new Conversation(id -> 42L);
        }

        @Override
        public Class<Conversation> getAggregateType() {
            return Conversation.class;
        }
    }
}
