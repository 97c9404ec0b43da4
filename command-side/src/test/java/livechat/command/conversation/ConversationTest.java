package livechat.command.conversation;

import livechat.command.Limits;
import livechat.command.conversation.ConversationCommand.CloseConversation;
import livechat.command.conversation.ConversationCommand.SendMessage;
import livechat.command.conversation.ConversationCommand.StartConversation;
import livechat.events.Actor;
import livechat.events.Attachment;
import livechat.events.conversation.ConversationEvent.AgentAssigned;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationQueued;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.MessageSent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static livechat.command.Violations.violates;

class ConversationTest {

    private static final String ID = "c-1";
    private static final Actor VISITOR = Actor.parse("visitor:v-1");
    private static final Actor OTHER_VISITOR = Actor.parse("visitor:v-2");
    private static final Actor AGENT = Actor.parse("agent:a-1");
    private static final Actor SUPERVISOR = Actor.parse("supervisor:s-1");
    private static final ConversationStarted STARTED = new ConversationStarted(ID, "v-1", "Refund", "billing");
    private static final MessageSent HELLO = new MessageSent(ID, "m-1", "cm-1", VISITOR, "Hello", false);
    private static final AgentAssigned ASSIGNED = new AgentAssigned(ID, "a-1", "r-1", SUPERVISOR);
    private static final String SHA = "0123456789abcdef".repeat(4);

    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Conversation.class);
        fixture.registerInjectableResource(new EventStoreConversationHistory(fixture.getEventStore()));
    }

    private static SendMessage send(Actor actor, String clientMessageId, String text) {
        return new SendMessage(ID, actor, clientMessageId, "m-new", text, false);
    }


    @Test
    void aVisitorStartsAConversationWithATrimmedTopic() {
        fixture.givenNoPriorActivity()
                .when(new StartConversation(ID, VISITOR, "  Refund ", " billing "))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ConversationStarted(ID, "v-1", "Refund", "billing"),
                        new ConversationQueued(ID, "billing", "started"));
    }

    @Test
    void aBlankSkillMeansAnyAgent() {
        fixture.givenNoPriorActivity()
                .when(new StartConversation(ID, VISITOR, "Refund", " "))
                .expectEvents(new ConversationStarted(ID, "v-1", "Refund", null),
                        new ConversationQueued(ID, null, "started"));
    }

    @Test
    void aRequiredSkillMustBeOneAnAgentCanHave() {
        for (String skill : new String[]{"../\u0000", "Billing", "-billing", "b".repeat(41), "bill ing"}) {
            fixture.givenNoPriorActivity()
                    .when(new StartConversation(ID, VISITOR, "Refund", skill))
                    .expectNoEvents()
                    .expectException(violates("skill-format"));
        }
    }

    @Test
    void onlyVisitorsStartConversations() {
        fixture.givenNoPriorActivity()
                .when(new StartConversation(ID, AGENT, "Refund", null))
                .expectNoEvents()
                .expectException(violates("only-visitors-start-conversations"));
    }

    @Test
    void aTopicIsRequired() {
        fixture.givenNoPriorActivity()
                .when(new StartConversation(ID, VISITOR, "   ", null))
                .expectNoEvents()
                .expectException(violates("topic-length"));
    }

    @Test
    void aTopicHasAtMost200Characters() {
        fixture.givenNoPriorActivity()
                .when(new StartConversation(ID, VISITOR, "x".repeat(201), null))
                .expectNoEvents()
                .expectException(violates("topic-length"));
    }


    @Test
    void theVisitorSendsATrimmedMessageAndLearnsItsSequence() {
        fixture.given(STARTED, HELLO)
                .when(send(VISITOR, "cm-2", "  Are you there?\n"))
                .expectEvents(new MessageSent(ID, "m-new", "cm-2", VISITOR, "Are you there?", false))
                .expectResultMessagePayload(new MessageAccepted("m-new", 2, false));
    }

    @Test
    void aResendOfTheSameClientMessageIdWritesNothingAndAnswersTheOriginal() {
        fixture.given(STARTED, HELLO, new MessageSent(ID, "m-2", "cm-2", VISITOR, "Second", false))
                .when(send(VISITOR, "cm-1", "Hello"))
                .expectNoEvents()
                .expectResultMessagePayload(new MessageAccepted("m-1", 1, true));
    }

    @Test
    void aResendIsAnsweredEvenAfterTheConversationClosed() {
        fixture.given(STARTED, HELLO, new ConversationClosed(ID, VISITOR, null))
                .when(send(VISITOR, "cm-1", "Hello"))
                .expectNoEvents()
                .expectResultMessagePayload(new MessageAccepted("m-1", 1, true));
    }

    @Test
    void aClientMessageIdCannotBeReusedForDifferentText() {
        fixture.given(STARTED, HELLO)
                .when(send(VISITOR, "cm-1", "Something else"))
                .expectNoEvents()
                .expectException(violates("client-message-id-reused"));
    }

    @Test
    void aClientMessageIdCannotBeReusedByAnotherAuthor() {
        fixture.given(STARTED, HELLO)
                .when(send(SUPERVISOR, "cm-1", "Hello"))
                .expectNoEvents()
                .expectException(violates("client-message-id-reused"));
    }

    @Test
    void everyMessageNeedsAClientMessageId() {
        fixture.given(STARTED)
                .when(send(VISITOR, " ", "Hello"))
                .expectNoEvents()
                .expectException(violates("client-message-id-required"));
    }

    @Test
    void anotherVisitorIsNotAParticipant() {
        fixture.given(STARTED)
                .when(send(OTHER_VISITOR, "cm-9", "Let me in"))
                .expectNoEvents()
                .expectException(violates("participants-only"));
    }

    @Test
    void anAgentWhoIsNotAssignedIsNotAParticipant() {
        fixture.given(STARTED)
                .when(send(AGENT, "cm-9", "Hi, I'm here"))
                .expectNoEvents()
                .expectException(violates("participants-only"));
    }

    @Test
    void visitorsCannotWriteInternalNotes() {
        fixture.given(STARTED)
                .when(new SendMessage(ID, VISITOR, "cm-9", "m-9", "secret", true))
                .expectNoEvents()
                .expectException(violates("internal-notes-agents-only"));
    }

    @Test
    void theAssignedAgentSendsMessagesAndInternalNotes() {
        fixture.given(STARTED, ASSIGNED)
                .when(new SendMessage(ID, AGENT, "cm-9", "m-9", "Customer is a VIP", true))
                .expectEvents(new MessageSent(ID, "m-9", "cm-9", AGENT, "Customer is a VIP", true));
    }

    @Test
    void anotherAgentCannotWriteInternalNotes() {
        fixture.given(STARTED, ASSIGNED)
                .when(new SendMessage(ID, Actor.parse("agent:a-2"), "cm-9", "m-9", "psst", true))
                .expectNoEvents()
                .expectException(violates("internal-notes-agents-only"));
    }

    @Test
    void aMessageMayBeOnlyAnAttachment() {
        List<Attachment> invoice = List.of(new Attachment("invoice.pdf", "application/pdf", 48_213, SHA));
        fixture.given(STARTED)
                .when(new SendMessage(ID, VISITOR, "cm-9", "m-9", " ", false, invoice, null))
                .expectEvents(new MessageSent(ID, "m-9", "cm-9", VISITOR, "", false, invoice, null));
    }

    @Test
    void attachmentsHaveAllowedTypesAndSizes() {
        fixture.given(STARTED)
                .when(new SendMessage(ID, VISITOR, "cm-9", "m-9", "see file", false,
                        List.of(new Attachment("run.exe", "application/x-msdownload", 10, SHA)), null))
                .expectNoEvents()
                .expectException(violates("attachment-limits"));
        fixture.given(STARTED)
                .when(new SendMessage(ID, VISITOR, "cm-9", "m-9", "see file", false,
                        List.of(new Attachment("big.pdf", "application/pdf", 26L * 1024 * 1024, SHA)), null))
                .expectNoEvents()
                .expectException(violates("attachment-limits"));
        fixture.given(STARTED)
                .when(new SendMessage(ID, VISITOR, "cm-9", "m-9", "see file", false,
                        List.of(new Attachment("a.pdf", "application/pdf", 10, "not-a-digest")), null))
                .expectNoEvents()
                .expectException(violates("attachment-limits"));
        fixture.given(STARTED)
                .when(new SendMessage(ID, VISITOR, "cm-9", "m-9", "see file", false,
                        List.of(new Attachment("a.pdf", null, 10, SHA)), null))
                .expectNoEvents()
                .expectException(violates("attachment-limits"));
        fixture.given(STARTED)
                .when(new SendMessage(ID, VISITOR, "cm-9", "m-9", "see file", false,
                        java.util.Collections.singletonList(null), null))
                .expectNoEvents()
                .expectException(violates("attachment-limits"));
    }

    @Test
    void aClosedConversationAcceptsNoMessages() {
        fixture.given(STARTED, new ConversationClosed(ID, VISITOR, "done"))
                .when(send(VISITOR, "cm-9", "One more thing"))
                .expectNoEvents()
                .expectException(violates("conversation-open"));
    }

    @Test
    void aMessageOfOnlyWhitespaceIsEmpty() {
        fixture.given(STARTED)
                .when(send(VISITOR, "cm-9", " \t\n "))
                .expectNoEvents()
                .expectException(violates("message-text-length"));
    }

    @Test
    void aMessageOf4000CharactersIsAccepted() {
        String longest = "😀".repeat(Limits.TEXT);
        fixture.given(STARTED)
                .when(send(VISITOR, "cm-9", longest))
                .expectEvents(new MessageSent(ID, "m-new", "cm-9", VISITOR, longest, false));
    }

    @Test
    void aMessageOf4001CharactersIsRefused() {
        fixture.given(STARTED)
                .when(send(VISITOR, "cm-9", "x".repeat(Limits.TEXT + 1)))
                .expectNoEvents()
                .expectException(violates("message-text-length"));
    }


    @Test
    void theVisitorClosesWithAReason() {
        fixture.given(STARTED, HELLO)
                .when(new CloseConversation(ID, VISITOR, " solved "))
                .expectEvents(new ConversationClosed(ID, VISITOR, "solved"));
    }

    @Test
    void aSupervisorMayCloseAnyConversation() {
        fixture.given(STARTED)
                .when(new CloseConversation(ID, SUPERVISOR, null))
                .expectEvents(new ConversationClosed(ID, SUPERVISOR, null));
    }

    @Test
    void anotherVisitorCannotClose() {
        fixture.given(STARTED)
                .when(new CloseConversation(ID, OTHER_VISITOR, null))
                .expectNoEvents()
                .expectException(violates("participants-only"));
    }

    @Test
    void aClosedConversationCannotBeClosedAgain() {
        fixture.given(STARTED, new ConversationClosed(ID, VISITOR, null))
                .when(new CloseConversation(ID, VISITOR, null))
                .expectNoEvents()
                .expectException(violates("conversation-open"));
    }

    @Test
    void aCloseReasonHasAtMost500Characters() {
        fixture.given(STARTED)
                .when(new CloseConversation(ID, VISITOR, "x".repeat(Limits.REASON + 1)))
                .expectNoEvents()
                .expectException(violates("reason-length"));
    }
}

