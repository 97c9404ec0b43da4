package livechat.command.conversation;

import livechat.command.conversation.ConversationCommand.AbandonReservation;
import livechat.command.conversation.ConversationCommand.AddDisputeEvidence;
import livechat.command.conversation.ConversationCommand.AssignAgent;
import livechat.command.conversation.ConversationCommand.CloseConversation;
import livechat.command.conversation.ConversationCommand.EditMessage;
import livechat.command.conversation.ConversationCommand.MarkSeen;
import livechat.command.conversation.ConversationCommand.OpenDispute;
import livechat.command.conversation.ConversationCommand.PlaceLegalHold;
import livechat.command.conversation.ConversationCommand.PrepareAssignment;
import livechat.command.conversation.ConversationCommand.RateConversation;
import livechat.command.conversation.ConversationCommand.RedactMessage;
import livechat.command.conversation.ConversationCommand.ReleaseLegalHold;
import livechat.command.conversation.ConversationCommand.ReopenConversation;
import livechat.command.conversation.ConversationCommand.ResolveDispute;
import livechat.command.conversation.ConversationCommand.SendMessage;
import livechat.command.conversation.ConversationCommand.TagConversation;
import livechat.command.conversation.ConversationCommand.TransferConversation;
import livechat.command.conversation.ConversationCommand.UnassignAgent;
import livechat.command.conversation.ConversationCommand.UntagConversation;
import livechat.events.Actor;
import livechat.events.conversation.ConversationEvent.AgentAssigned;
import livechat.events.conversation.ConversationEvent.AgentUnassigned;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationQueued;
import livechat.events.conversation.ConversationEvent.ConversationRated;
import livechat.events.conversation.ConversationEvent.ConversationReopened;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.ConversationTagged;
import livechat.events.conversation.ConversationEvent.ConversationTransferred;
import livechat.events.conversation.ConversationEvent.ConversationUntagged;
import livechat.events.conversation.ConversationEvent.DisputeEvidenceAdded;
import livechat.events.conversation.ConversationEvent.DisputeOpened;
import livechat.events.conversation.ConversationEvent.DisputeResolved;
import livechat.events.conversation.ConversationEvent.LegalHoldPlaced;
import livechat.events.conversation.ConversationEvent.LegalHoldReleased;
import livechat.events.conversation.ConversationEvent.MessageEdited;
import livechat.events.conversation.ConversationEvent.MessageRedacted;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.events.conversation.ConversationEvent.MessagesSeen;
import livechat.events.conversation.ConversationEvent.ReservationAbandoned;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static livechat.command.Violations.violates;

/** Assignment, transfers, edits, receipts, closing, reopening, ratings, tags and disputes. */
class ConversationLifecycleTest {

    private static final String ID = "c-1";
    private static final Actor VISITOR = Actor.parse("visitor:v-1");
    private static final Actor AGENT = Actor.parse("agent:a-1");
    private static final Actor OTHER_AGENT = Actor.parse("agent:a-2");
    private static final Actor SUPERVISOR = Actor.parse("supervisor:s-1");
    private static final Actor ROUTING = Actor.system("routing");
    private static final Actor AUDITOR = Actor.parse("auditor:x-1");
    private static final ConversationStarted STARTED = new ConversationStarted(ID, "v-1", "Refund", "billing");
    private static final ConversationQueued QUEUED = new ConversationQueued(ID, "billing", "started");
    private static final AgentAssigned ASSIGNED = new AgentAssigned(ID, "a-1", "r-1", ROUTING);
    private static final MessageSent HELLO = new MessageSent(ID, "m-1", "cm-1", VISITOR, "Hello", false);
    private static final ConversationClosed CLOSED = new ConversationClosed(ID, VISITOR, null, "a-1");

    private static final LegalHoldPlaced HELD = new LegalHoldPlaced(ID, "case 7", AUDITOR);

    private FixtureConfiguration<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Conversation.class);
        fixture.registerInjectableResource(new EventStoreConversationHistory(fixture.getEventStore()));
    }

    @Test
    void preparingAnAssignmentNamesTheRequiredSkillAndWritesNothing() {
        fixture.given(STARTED, QUEUED)
                .when(new PrepareAssignment(ID, SUPERVISOR, "a-1", false))
                .expectNoEvents()
                .expectResultMessagePayload(new AssignmentPlan(ID, "billing", null));
    }

    @Test
    void agentsCannotAssignThemselves() {
        fixture.given(STARTED, QUEUED)
                .when(new PrepareAssignment(ID, AGENT, "a-1", false))
                .expectException(violates("supervisors-only"));
    }

    @Test
    void aReservedAgentIsAssigned() {
        fixture.given(STARTED, QUEUED)
                .when(new AssignAgent(ID, SUPERVISOR, "a-1", "r-1"))
                .expectEvents(new AgentAssigned(ID, "a-1", "r-1", SUPERVISOR));
    }

    @Test
    void aConversationHasAtMostOneAgent() {
        fixture.given(STARTED, QUEUED, ASSIGNED)
                .when(new AssignAgent(ID, SUPERVISOR, "a-2", "r-2"))
                .expectNoEvents()
                .expectException(violates("conversation-has-agent"));
    }

    @Test
    void assigningTheSameAgentAgainIsRefused() {
        fixture.given(STARTED, QUEUED, ASSIGNED)
                .when(new PrepareAssignment(ID, SUPERVISOR, "a-1", false))
                .expectException(violates("agent-already-assigned"));
    }

    @Test
    void aClosedConversationGetsNoAgent() {
        fixture.given(STARTED, QUEUED, new ConversationClosed(ID, VISITOR, null, null))
                .when(new AssignAgent(ID, SUPERVISOR, "a-1", "r-1"))
                .expectNoEvents()
                .expectException(violates("conversation-open"));
    }

    @Test
    void anAbandonedReservationCanNoLongerAssign() {
        fixture.given(STARTED, QUEUED, new ReservationAbandoned(ID, "a-1", "r-1"))
                .when(new AssignAgent(ID, ROUTING, "a-1", "r-1"))
                .expectNoEvents()
                .expectException(violates("reservation-abandoned"));
    }

    @Test
    void abandoningAnUnusedReservationFencesItOff() {
        fixture.given(STARTED, QUEUED)
                .when(new AbandonReservation(ID, ROUTING, "a-1", "r-1"))
                .expectEvents(new ReservationAbandoned(ID, "a-1", "r-1"))
                .expectResultMessagePayload(new ReservationFence(true));
    }

    @Test
    void aReservationInUseIsNotAbandoned() {
        fixture.given(STARTED, QUEUED, ASSIGNED)
                .when(new AbandonReservation(ID, ROUTING, "a-1", "r-1"))
                .expectNoEvents()
                .expectResultMessagePayload(new ReservationFence(false));
    }

    @Test
    void theAssignedAgentTransfersToAColleague() {
        fixture.given(STARTED, QUEUED, ASSIGNED)
                .when(new TransferConversation(ID, AGENT, "a-2", "r-2", "needs billing expert"))
                .expectEvents(new ConversationTransferred(ID, "a-1", "a-2", "r-2", "needs billing expert", AGENT));
    }

    @Test
    void onlyTheAssigneeOrASupervisorTransfers() {
        fixture.given(STARTED, QUEUED, ASSIGNED)
                .when(new TransferConversation(ID, OTHER_AGENT, "a-2", "r-2", null))
                .expectNoEvents()
                .expectException(violates("transfer-by-assignee-or-supervisor"));
    }

    @Test
    void anUnassignedConversationIsAssignedNotTransferred() {
        fixture.given(STARTED, QUEUED)
                .when(new TransferConversation(ID, SUPERVISOR, "a-2", "r-2", null))
                .expectNoEvents()
                .expectException(violates("transfer-needs-assigned-agent"));
    }

    @Test
    void aTransferToTheSameAgentIsRefused() {
        fixture.given(STARTED, QUEUED, ASSIGNED)
                .when(new PrepareAssignment(ID, SUPERVISOR, "a-1", true))
                .expectException(violates("agent-already-assigned"));
    }

    @Test
    void aSupervisorUnassignsAndTheConversationWaitsAgain() {
        fixture.given(STARTED, QUEUED, ASSIGNED)
                .when(new UnassignAgent(ID, SUPERVISOR, "agent went home"))
                .expectEvents(new AgentUnassigned(ID, "a-1", "agent went home", SUPERVISOR),
                        new ConversationQueued(ID, "billing", "unassigned"))
                .expectResultMessagePayload(new SeatFreed("a-1"));
    }

    @Test
    void onlySupervisorsUnassign() {
        fixture.given(STARTED, QUEUED, ASSIGNED)
                .when(new UnassignAgent(ID, AGENT, null))
                .expectException(violates("supervisors-only"));
    }

    @Test
    void unassigningNeedsAnAgent() {
        fixture.given(STARTED, QUEUED)
                .when(new UnassignAgent(ID, SUPERVISOR, null))
                .expectException(violates("unassign-needs-assigned-agent"));
    }

    @Test
    void theAssignedAgentClosesAndTheCloseNamesThem() {
        fixture.given(STARTED, QUEUED, ASSIGNED)
                .when(new CloseConversation(ID, AGENT, "resolved"))
                .expectEvents(new ConversationClosed(ID, AGENT, "resolved", "a-1"))
                .expectResultMessagePayload(new SeatFreed("a-1"));
    }

    @Test
    void aTransferredAwayAgentIsNoLongerAParticipant() {
        fixture.given(STARTED, QUEUED, ASSIGNED, new ConversationTransferred(ID, "a-1", "a-2", "r-2", null, AGENT))
                .when(new SendMessage(ID, AGENT, "cm-9", "m-9", "still here?", false))
                .expectNoEvents()
                .expectException(violates("participants-only"));
    }

    @Test
    void theVisitorReopensAndTheConversationWaitsAgain() {
        fixture.given(STARTED, QUEUED, ASSIGNED, CLOSED)
                .when(new ReopenConversation(ID, VISITOR, "not solved after all"))
                .expectEvents(new ConversationReopened(ID, VISITOR, "not solved after all"),
                        new ConversationQueued(ID, "billing", "reopened"));
    }

    @Test
    void theAgentWhoClosedItMayReopen() {
        fixture.given(STARTED, QUEUED, ASSIGNED, CLOSED)
                .when(new ReopenConversation(ID, AGENT, null))
                .expectEvents(new ConversationReopened(ID, AGENT, null), new ConversationQueued(ID, "billing",
                        "reopened"));
    }

    @Test
    void anotherAgentMayNotReopen() {
        fixture.given(STARTED, QUEUED, ASSIGNED, CLOSED)
                .when(new ReopenConversation(ID, OTHER_AGENT, null))
                .expectException(violates("participants-only"));
    }

    @Test
    void onlyAClosedConversationIsReopened() {
        fixture.given(STARTED, QUEUED)
                .when(new ReopenConversation(ID, VISITOR, null))
                .expectException(violates("conversation-closed"));
    }

    @Test
    void theVisitorRatesAfterTheCloseCreditingTheAgentAtTheClose() {
        fixture.given(STARTED, QUEUED, ASSIGNED, CLOSED)
                .when(new RateConversation(ID, VISITOR, 5, " Quick and kind "))
                .expectEvents(new ConversationRated(ID, 5, "Quick and kind", "a-1"));
    }

    @Test
    void aRatingWaitsForTheClose() {
        fixture.given(STARTED, QUEUED, ASSIGNED)
                .when(new RateConversation(ID, VISITOR, 5, null))
                .expectException(violates("rating-after-close"));
    }

    @Test
    void oneRatingPerOpenPeriod() {
        fixture.given(STARTED, QUEUED, ASSIGNED, CLOSED, new ConversationRated(ID, 4, null, "a-1"))
                .when(new RateConversation(ID, VISITOR, 1, null))
                .expectException(violates("one-rating-per-period"));
    }

    @Test
    void aReopenedAndClosedAgainConversationIsRatedAgain() {
        fixture.given(STARTED, QUEUED, ASSIGNED, CLOSED, new ConversationRated(ID, 2, null, "a-1"),
                        new ConversationReopened(ID, VISITOR, null), new ConversationQueued(ID, "billing", "reopened"),
                        new AgentAssigned(ID, "a-2", "r-2", ROUTING), new ConversationClosed(ID, VISITOR, null, "a-2"))
                .when(new RateConversation(ID, VISITOR, 5, null))
                .expectEvents(new ConversationRated(ID, 5, null, "a-2"));
    }

    @Test
    void onlyTheVisitorRates() {
        fixture.given(STARTED, QUEUED, ASSIGNED, CLOSED)
                .when(new RateConversation(ID, AGENT, 5, null))
                .expectException(violates("only-the-visitor-rates"));
    }

    @Test
    void aRatingIsOneToFive() {
        fixture.given(STARTED, QUEUED, ASSIGNED, CLOSED)
                .when(new RateConversation(ID, VISITOR, 6, null))
                .expectException(violates("rating-score-range"));
        fixture.given(STARTED, QUEUED, ASSIGNED, CLOSED)
                .when(new RateConversation(ID, VISITOR, 0, null))
                .expectException(violates("rating-score-range"));
    }

    @Test
    void theAuthorEditsAndTheOriginalStaysInTheLog() {
        fixture.given(STARTED, QUEUED, HELLO)
                .when(new EditMessage(ID, VISITOR, "m-1", "Hello there", "typo"))
                .expectEvents(new MessageEdited(ID, "m-1", 2L, "Hello there", "typo", VISITOR));
    }

    @Test
    void someoneElseCannotEditAMessage() {
        fixture.given(STARTED, QUEUED, ASSIGNED, HELLO)
                .when(new EditMessage(ID, AGENT, "m-1", "Hello there", null))
                .expectException(violates("edit-by-author-or-supervisor"));
    }

    @Test
    void editingAnUnknownMessageIsNotFound() {
        fixture.given(STARTED, QUEUED)
                .when(new EditMessage(ID, VISITOR, "m-404", "x", null))
                .expectException(violates("message-not-found"));
    }

    @Test
    void anEditFollowsTheTextRules() {
        fixture.given(STARTED, QUEUED, HELLO)
                .when(new EditMessage(ID, VISITOR, "m-1", "  ", null))
                .expectException(violates("message-text-length"));
    }

    @Test
    void aSupervisorRedactsWithAReason() {
        fixture.given(STARTED, QUEUED, HELLO)
                .when(new RedactMessage(ID, SUPERVISOR, "m-1", "card number"))
                .expectEvents(new MessageRedacted(ID, "m-1", 2L, "card number", SUPERVISOR));
    }

    @Test
    void aRedactionNeedsAReason() {
        fixture.given(STARTED, QUEUED, HELLO)
                .when(new RedactMessage(ID, SUPERVISOR, "m-1", " "))
                .expectException(violates("redaction-reason-required"));
    }

    @Test
    void onlySupervisorsRedact() {
        fixture.given(STARTED, QUEUED, HELLO)
                .when(new RedactMessage(ID, VISITOR, "m-1", "oops"))
                .expectException(violates("supervisors-only"));
    }

    @Test
    void aRedactedMessageIsNeitherRedactedAgainNorEdited() {
        MessageRedacted redacted = new MessageRedacted(ID, "m-1", 2L, "card number", SUPERVISOR);
        fixture.given(STARTED, QUEUED, HELLO, redacted)
                .when(new RedactMessage(ID, SUPERVISOR, "m-1", "again"))
                .expectException(violates("message-redacted"));
        fixture.given(STARTED, QUEUED, HELLO, redacted)
                .when(new EditMessage(ID, VISITOR, "m-1", "new", null))
                .expectException(violates("message-redacted"));
    }

    @Test
    void receiptsMoveForward() {
        fixture.given(STARTED, QUEUED, HELLO)
                .when(new MarkSeen(ID, VISITOR, 2))
                .expectEvents(new MessagesSeen(ID, VISITOR, 2));
    }

    @Test
    void anOlderReceiptIsIgnoredNotRefused() {
        fixture.given(STARTED, QUEUED, HELLO, new MessagesSeen(ID, VISITOR, 2))
                .when(new MarkSeen(ID, VISITOR, 1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aReceiptCannotPointPastTheEnd() {
        fixture.given(STARTED, QUEUED, HELLO)
                .when(new MarkSeen(ID, VISITOR, 3))
                .expectException(violates("seen-within-conversation"));
    }

    @Test
    void onlyParticipantsSendReceipts() {
        fixture.given(STARTED, QUEUED, HELLO)
                .when(new MarkSeen(ID, AGENT, 1))
                .expectException(violates("participants-only"));
    }

    @Test
    void agentsTagAndUntagOnce() {
        fixture.given(STARTED, QUEUED)
                .when(new TagConversation(ID, AGENT, " refund "))
                .expectEvents(new ConversationTagged(ID, "refund", AGENT));
        fixture.given(STARTED, QUEUED, new ConversationTagged(ID, "refund", AGENT))
                .when(new TagConversation(ID, SUPERVISOR, "refund"))
                .expectNoEvents();
        fixture.given(STARTED, QUEUED, new ConversationTagged(ID, "refund", AGENT))
                .when(new UntagConversation(ID, AGENT, "refund"))
                .expectEvents(new ConversationUntagged(ID, "refund", AGENT));
    }

    @Test
    void visitorsDoNotTagAndTagsHaveAFormat() {
        fixture.given(STARTED, QUEUED)
                .when(new TagConversation(ID, VISITOR, "refund"))
                .expectException(violates("tags-by-agents-and-supervisors"));
        fixture.given(STARTED, QUEUED)
                .when(new TagConversation(ID, AGENT, "Not A Tag!"))
                .expectException(violates("tag-format"));
    }

    @Test
    void aDisputeIsOpenedArguedAndResolved() {
        DisputeOpened opened = new DisputeOpened(ID, "d-1", "I was charged twice", VISITOR);
        fixture.given(STARTED, QUEUED, CLOSED)
                .when(new OpenDispute(ID, VISITOR, "d-1", " I was charged twice "))
                .expectEvents(opened);
        fixture.given(STARTED, QUEUED, CLOSED, opened)
                .when(new AddDisputeEvidence(ID, AGENT, "d-1", "Refund issued on the 3rd"))
                .expectEvents(new DisputeEvidenceAdded(ID, "d-1", "Refund issued on the 3rd", AGENT));
        fixture.given(STARTED, QUEUED, CLOSED, opened)
                .when(new ResolveDispute(ID, SUPERVISOR, "d-1", "rejected", "refund was issued"))
                .expectEvents(new DisputeResolved(ID, "d-1", "rejected", "refund was issued", SUPERVISOR));
    }

    @Test
    void oneOpenDisputeAtATime() {
        fixture.given(STARTED, QUEUED, new DisputeOpened(ID, "d-1", "x", VISITOR))
                .when(new OpenDispute(ID, SUPERVISOR, "d-2", "another"))
                .expectException(violates("one-open-dispute"));
    }

    @Test
    void onlySupervisorsResolveDisputes() {
        fixture.given(STARTED, QUEUED, new DisputeOpened(ID, "d-1", "x", VISITOR))
                .when(new ResolveDispute(ID, AGENT, "d-1", "upheld", null))
                .expectException(violates("supervisors-resolve-disputes"));
    }

    @Test
    void aDisputeOutcomeIsKnown() {
        fixture.given(STARTED, QUEUED, new DisputeOpened(ID, "d-1", "x", VISITOR))
                .when(new ResolveDispute(ID, SUPERVISOR, "d-1", "whatever", null))
                .expectException(violates("dispute-outcome"));
    }

    @Test
    void evidenceGoesToAnOpenDispute() {
        fixture.given(STARTED, QUEUED)
                .when(new AddDisputeEvidence(ID, AGENT, "d-404", "note"))
                .expectException(violates("dispute-not-found"));
        fixture.given(STARTED, QUEUED, new DisputeOpened(ID, "d-1", "x", VISITOR),
                        new DisputeResolved(ID, "d-1", "upheld", null, SUPERVISOR))
                .when(new AddDisputeEvidence(ID, AGENT, "d-1", "late note"))
                .expectException(violates("dispute-open"));
    }

    @Test
    void anotherVisitorCannotDispute() {
        fixture.given(STARTED, QUEUED)
                .when(new OpenDispute(ID, Actor.parse("visitor:v-2"), "d-1", "not mine"))
                .expectException(violates("dispute-parties"));
    }

    @Test
    void supervisorsAndAuditorsPlaceAHoldOnAnOpenOrClosedConversation() {
        fixture.given(STARTED, QUEUED)
                .when(new PlaceLegalHold(ID, SUPERVISOR, " litigation "))
                .expectEvents(new LegalHoldPlaced(ID, "litigation", SUPERVISOR));
        fixture.given(STARTED, QUEUED, CLOSED)
                .when(new PlaceLegalHold(ID, AUDITOR, "case 7"))
                .expectEvents(HELD);
    }

    @Test
    void aHoldIsReleasedOnceAndCanBePlacedAgain() {
        fixture.given(STARTED, QUEUED, HELD)
                .when(new ReleaseLegalHold(ID, SUPERVISOR, "case closed"))
                .expectEvents(new LegalHoldReleased(ID, "case closed", SUPERVISOR));
        fixture.given(STARTED, QUEUED, HELD, new LegalHoldReleased(ID, "case closed", SUPERVISOR))
                .when(new ReleaseLegalHold(ID, AUDITOR, "again"))
                .expectNoEvents()
                .expectException(violates("no-legal-hold"));
        fixture.given(STARTED, QUEUED, HELD, new LegalHoldReleased(ID, "case closed", SUPERVISOR))
                .when(new PlaceLegalHold(ID, AUDITOR, "case 8"))
                .expectEvents(new LegalHoldPlaced(ID, "case 8", AUDITOR));
    }

    @Test
    void aHeldConversationIsNotHeldTwice() {
        fixture.given(STARTED, QUEUED, HELD)
                .when(new PlaceLegalHold(ID, SUPERVISOR, "again"))
                .expectNoEvents()
                .expectException(violates("legal-hold-placed"));
    }

    @Test
    void refusalsAndAReleaseWithoutReason() {
        for (String actor : new String[]{"visitor:v-1", "agent:a-1", "privacy:p-1"}) {
            fixture.given(STARTED, QUEUED)
                    .when(new PlaceLegalHold(ID, Actor.parse(actor), "case 7"))
                    .expectNoEvents()
                    .expectException(violates("legal-hold-by-supervisor-or-auditor"));
            fixture.given(STARTED, QUEUED, HELD)
                    .when(new ReleaseLegalHold(ID, Actor.parse(actor), "case closed"))
                    .expectNoEvents()
                    .expectException(violates("legal-hold-by-supervisor-or-auditor"));
        }
        fixture.given(STARTED, QUEUED)
                .when(new PlaceLegalHold(ID, AUDITOR, "  "))
                .expectNoEvents()
                .expectException(violates("legal-hold-reason-required"));
        fixture.given(STARTED, QUEUED, HELD)
                .when(new ReleaseLegalHold(ID, AUDITOR, null))
                .expectEvents(new LegalHoldReleased(ID, null, AUDITOR));
    }
}
