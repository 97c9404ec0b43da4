package livechat.query.transcript;

import livechat.events.Actor;
import livechat.events.Attachment;
import livechat.events.Role;
import livechat.events.conversation.ConversationEvent.AgentAssigned;
import livechat.events.conversation.ConversationEvent.AgentUnassigned;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationQueued;
import livechat.events.conversation.ConversationEvent.ConversationReopened;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.ConversationTagged;
import livechat.events.conversation.ConversationEvent.ConversationTransferred;
import livechat.events.conversation.ConversationEvent.ConversationUntagged;
import livechat.events.conversation.ConversationEvent.MessageEdited;
import livechat.events.conversation.ConversationEvent.MessageRedacted;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.events.conversation.ConversationEvent.MessagesSeen;
import livechat.query.live.StreamItem;
import livechat.query.transcript.TranscriptMessage.MessageEdit;
import livechat.query.transcript.TranscriptMessage.Redaction;
import org.axonframework.eventhandling.DomainEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static livechat.query.projection.ProjectionDriver.event;
import static livechat.query.projection.TestMongo.all;
import static livechat.query.transcript.TranscriptCollections.CONVERSATIONS;
import static livechat.query.transcript.TranscriptCollections.ENTRIES;
import static livechat.query.transcript.TranscriptCollections.SEEN;
import static org.assertj.core.api.Assertions.assertThat;

/** Edits, redactions, receipts, assignments and tags: what each audience sees in transcripts, streams and search. */
class TranscriptHistoryTest {

    private static final String ID = "c-1";
    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final Actor VISITOR = Actor.parse("visitor:v-1");
    private static final Actor A1 = Actor.parse("agent:a-1");
    private static final Actor A2 = Actor.parse("agent:a-2");
    private static final Actor SUPERVISOR = Actor.parse("supervisor:s-1");
    private static final Attachment RECEIPT = new Attachment("receipt.pdf", "application/pdf", 2048, "ab12");

    private final List<DomainEventMessage<?>> history = List.of(
            at(0, new ConversationStarted(ID, "v-1", "Refund", "billing")),
            at(1, new ConversationQueued(ID, "billing", "started")),
            at(2, new AgentAssigned(ID, "a-1", "r-1", Actor.system("routing"))),
            at(3, new MessageSent(ID, "m-1", "cm-1", VISITOR, "My card is 4111 1111", false, List.of(RECEIPT), null)),
            at(4, new MessageSent(ID, "m-2", "cm-2", A1, "Hi, lets see", false)),
            at(5, new MessageEdited(ID, "m-2", 4L, "Hi, let me see", "typo", A1)),
            at(6, new MessageRedacted(ID, "m-1", 3L, "card number", SUPERVISOR)),
            at(7, new MessageSent(ID, "m-3", "cm-3", A1, "VIP customer", true)),
            at(8, new MessageEdited(ID, "m-3", 7L, "VIP customer, be quick", null, A1)),
            at(9, new MessagesSeen(ID, VISITOR, 4)),
            at(10, new MessagesSeen(ID, A1, 3)),
            at(11, new MessagesSeen(ID, VISITOR, 5)),
            at(12, new ConversationTransferred(ID, "a-1", "a-2", "r-2", "shift end", A1)),
            at(13, new ConversationTagged(ID, "refund", A2)),
            at(14, new ConversationTagged(ID, "vip", A2)),
            at(15, new ConversationUntagged(ID, "vip", A2)),
            at(16, new MessageEdited(ID, "m-2", 4L, "Hi, let me check", "clearer", A1)),
            at(17, new ConversationClosed(ID, A2, "solved", "a-2")),
            at(18, new ConversationReopened(ID, VISITOR, "not solved")),
            at(19, new AgentUnassigned(ID, "a-2", "rerouting", SUPERVISOR)));


    private static DomainEventMessage<?> at(long sequence, Object payload) {
        return event(ID, sequence, payload, T0.plusSeconds(sequence * 10));
    }

    private static Instant second(long sequence) {
        return T0.plusSeconds(sequence * 10);
    }

    @AutoClose
    private final TranscriptFixture readModel = new TranscriptFixture();

    private Transcript transcript(Role audience) {
        return readModel.queries.handle(new ExportTranscript(ID, audience)).block(Duration.ofSeconds(10));
    }

    @Test
    void anAuditorSeesEverythingIncludingOriginalAndRedactedText() throws Exception {
        readModel.projection.deliver(history);

        Transcript transcript = transcript(Role.AUDITOR);
        assertThat(transcript.status()).isEqualTo("OPEN");
        assertThat(transcript.seenUpTo()).isEqualTo(Map.of("agent:a-1", 3L, "visitor:v-1", 5L));
        assertThat(transcript.messages()).containsExactly(
                new TranscriptMessage(3, "m-1", "v-1", "visitor", "My card is 4111 1111", second(3), false,
                        List.of(RECEIPT), null, List.of(),
                        new Redaction(6, "m-1", "card number", "supervisor:s-1", second(6)), "My card is 4111 1111"),
                new TranscriptMessage(4, "m-2", "a-1", "agent", "Hi, let me check", second(4), false, List.of(), null,
                        List.of(new MessageEdit(5, "m-2", "Hi, let me see", "typo", "agent:a-1", second(5)),
                                new MessageEdit(16, "m-2", "Hi, let me check", "clearer", "agent:a-1", second(16))),
                        null, "Hi, lets see"),
                new TranscriptMessage(7, "m-3", "a-1", "agent", "VIP customer, be quick", second(7), true, List.of(),
                        null, List.of(new MessageEdit(8, "m-3", "VIP customer, be quick", null, "agent:a-1",
                        second(8))), null, "VIP customer"));
    }

    @Test
    void aVisitorSeesCurrentTextsAndTheRedactionMarkerButNeverNotesOrRedactedText() throws Exception {
        readModel.projection.deliver(history);

        assertThat(transcript(Role.VISITOR).messages()).containsExactly(
                new TranscriptMessage(3, "m-1", "v-1", "visitor", null, second(3), false, List.of(), null, List.of(),
                        new Redaction(6, "m-1", null, null, second(6)), null),
                new TranscriptMessage(4, "m-2", "a-1", "agent", "Hi, let me check", second(4), false, List.of(), null,
                        List.of(new MessageEdit(5, "m-2", null, null, "agent:a-1", second(5)),
                                new MessageEdit(16, "m-2", null, null, "agent:a-1", second(16))),
                        null, null));
    }

    @Test
    void agentsSeeNotesAndWhyTextWasRedactedButNotTheText() throws Exception {
        readModel.projection.deliver(history);

        List<TranscriptMessage> messages = transcript(Role.AGENT).messages();
        assertThat(messages).extracting(TranscriptMessage::messageId).containsExactly("m-1", "m-2", "m-3");
        assertThat(messages.get(0).text()).isNull();
        assertThat(messages.get(0).redaction().reason()).isEqualTo("card number");
        assertThat(messages.get(0).originalText()).isNull();
        assertThat(messages.get(2).text()).isEqualTo("VIP customer, be quick");
    }

    @Test
    void theStreamTypesEveryEventAndHidesRedactedTextAndNotesFromVisitors() throws Exception {
        readModel.projection.deliver(history);

        List<StreamItem> visitor = readModel.queries.timelineAfter(ID, Role.VISITOR, -1).collectList()
                .block(Duration.ofSeconds(10));
        assertThat(visitor).extracting(StreamItem::event).containsExactly("status", "status", "assigned", "message",
                "message", "message-edited", "message-redacted", "seen", "seen", "seen", "assigned", "message-edited",
                "status", "status", "assigned");
        assertThat(visitor).extracting(StreamItem::sequence)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 9L, 10L, 11L, 12L, 16L, 17L, 18L, 19L);
        assertThat(((TranscriptMessage) visitor.get(3).data()).text()).isNull();
        assertThat(visitor.get(10).data()).isEqualTo(new Assignment(12, "a-2", "a-1", "shift end", "agent:a-1",
                second(12)));
        assertThat(visitor.get(14).data()).isEqualTo(new Assignment(19, null, "a-2", "rerouting", "supervisor:s-1",
                second(19)));
        assertThat(visitor).extracting(StreamItem::data).filteredOn(StatusChange.class::isInstance)
                .extracting(data -> ((StatusChange) data).status()).containsExactly("OPEN", "QUEUED", "CLOSED",
                        "REOPENED");

        List<StreamItem> agent = readModel.queries.timelineAfter(ID, Role.AGENT, -1).collectList().block(Duration.ofSeconds(10));
        assertThat(agent).extracting(StreamItem::event).contains("tagged", "untagged")
                .hasSize(history.size());
    }

    @Test
    void liveItemsAreRenderedForEachAudience() {
        StepVerifier.create(readModel.feed.handle(new FollowConversation(ID, Role.VISITOR, 2))
                        .map(item -> item.event() + ":" + item.sequence()))
                .then(() -> deliverQuietly(history))
                .expectNext("message:3", "message:4", "message-edited:5", "message-redacted:6", "seen:9", "seen:10")
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aVisitorsLiveRedactionCarriesOnlyTheMarker() {
        StepVerifier.create(readModel.feed.handle(new FollowConversation(ID, Role.VISITOR, 5))
                        .map(StreamItem::data))
                .then(() -> deliverQuietly(history))
                .expectNext(new Redaction(6, "m-1", null, null, second(6)))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void theConversationKnowsItsAgentsTagsAndAssignee() throws Exception {
        readModel.projection.deliver(history.subList(0, 16));
        ConversationSummary summary = readModel.queries.handle(new FindConversation(ID)).block(Duration.ofSeconds(10));
        assertThat(summary.assignedAgentId()).isEqualTo("a-2");
        assertThat(summary.agents()).containsExactly("a-1", "a-2");
        assertThat(summary.tags()).containsExactly("refund");

        readModel.projection.deliver(history.subList(16, history.size()));
        assertThat(readModel.queries.handle(new FindConversation(ID)).block(Duration.ofSeconds(10)).assignedAgentId()).isNull();
    }

    @Test
    void searchFindsConversationsByAgentTagStartTimeAndStatus() throws Exception {
        readModel.projection.deliver(history);
        Instant later = T0.plusSeconds(3600);
        readModel.projection.deliver(List.of(event("c-2", 0, new ConversationStarted("c-2", "v-2", "Other", null), later),
                event("c-2", 1, new AgentAssigned("c-2", "a-1", "r-9", Actor.system("routing")), later),
                event("c-2", 2, new ConversationClosed("c-2", A1, "solved", "a-1"), later)));

        assertThat(search(new SearchTranscripts("a-1", null, null, null, null, null, 10))).containsExactly(ID, "c-2");
        assertThat(search(new SearchTranscripts("a-2", null, null, null, null, null, 10))).containsExactly(ID);
        assertThat(search(new SearchTranscripts(null, null, null, "refund", null, null, 10))).containsExactly(ID);
        assertThat(search(new SearchTranscripts(null, null, null, "vip", null, null, 10))).isEmpty();
        assertThat(search(new SearchTranscripts("a-1", T0.plusSeconds(1), null, null, null, null, 10))).containsExactly("c-2");
        assertThat(search(new SearchTranscripts("a-1", T0, later, null, null, null, 10))).containsExactly(ID);
        assertThat(search(new SearchTranscripts(null, null, null, null, null, null, 1))).containsExactly(ID);
        assertThat(search(new SearchTranscripts("a-1", null, null, null, "OPEN", null, 10))).containsExactly(ID);
        assertThat(search(new SearchTranscripts("a-1", null, null, null, "CLOSED", null, 10))).containsExactly("c-2");
    }

    @Test
    void searchPagesContinueAfterTheLastConversationOfThePageBeforeEvenWithinOneInstant() throws Exception {
        readModel.projection.deliver(history);
        Instant later = T0.plusSeconds(3600);
        // c-3 and c-2 start at the same instant: the page's order breaks the tie by id.
        for (String id : List.of("c-3", "c-2")) {
            readModel.projection.deliver(List.of(event(id, 0, new ConversationStarted(id, "v-" + id, "Other", null),
                    later)));
        }

        List<ConversationSummary> first = readModel.queries.handle(new SearchTranscripts(null, null, null, null, null,
                null, 2)).collectList().block(Duration.ofSeconds(10));
        assertThat(first).extracting(ConversationSummary::conversationId).containsExactly(ID, "c-2");
        assertThat(search(new SearchTranscripts(null, null, null, null, null, SearchTranscripts.After.of(first.get(1)),
                2))).containsExactly("c-3");
        assertThat(search(new SearchTranscripts(null, null, null, null, null, SearchTranscripts.After.of(first.get(0)),
                1))).containsExactly("c-2");
        assertThat(search(new SearchTranscripts(null, null, null, null, "OPEN", new SearchTranscripts.After(later,
                "c-3"), 10))).isEmpty();
    }

    /** Events stored before edits and redactions named their message's sequence find the message by its id. */
    @Test
    void editsAndRedactionsThatDoNotNameTheMessagesSequenceProjectTheSame() throws Exception {
        readModel.projection.deliver(history);
        try (TranscriptFixture legacy = new TranscriptFixture()) {
            legacy.projection.deliver(history.stream().map(TranscriptHistoryTest::withoutMessageSequence).toList());
            assertThat(all(legacy.collections.writer(ENTRIES))).isEqualTo(all(readModel.collections.writer(ENTRIES)));
            assertThat(all(legacy.collections.writer(CONVERSATIONS)))
                    .isEqualTo(all(readModel.collections.writer(CONVERSATIONS)));
        }
    }

    private static DomainEventMessage<?> withoutMessageSequence(DomainEventMessage<?> event) {
        if (event.getPayload() instanceof MessageEdited e) {
            return at(event.getSequenceNumber(), new MessageEdited(e.conversationId(), e.messageId(), null, e.text(),
                    e.reason(), e.editedBy()));
        }
        if (event.getPayload() instanceof MessageRedacted r) {
            return at(event.getSequenceNumber(), new MessageRedacted(r.conversationId(), r.messageId(), null,
                    r.reason(), r.redactedBy()));
        }
        return event;
    }

    @Test
    void replayingInAnyBatchingChangesNothing() throws Exception {
        readModel.projection.deliver(history);
        List<Document> entries = all(readModel.collections.writer(ENTRIES));
        List<Document> conversations = all(readModel.collections.writer(CONVERSATIONS));
        List<Document> seen = all(readModel.collections.writer(SEEN));

        try (TranscriptFixture oneByOne = new TranscriptFixture()) {
            for (DomainEventMessage<?> event : history) {
                oneByOne.projection.deliver(List.of(event));
            }
            assertThat(all(oneByOne.collections.writer(ENTRIES))).isEqualTo(entries);
            assertThat(all(oneByOne.collections.writer(CONVERSATIONS))).isEqualTo(conversations);
            assertThat(all(oneByOne.collections.writer(SEEN))).isEqualTo(seen);
        }

        readModel.projection.deliver(history);
        readModel.projection.deliver(history.subList(3, 9));
        readModel.projection.deliver(history.subList(5, 17));
        assertThat(all(readModel.collections.writer(ENTRIES))).isEqualTo(entries);
        assertThat(all(readModel.collections.writer(CONVERSATIONS))).isEqualTo(conversations);
        assertThat(all(readModel.collections.writer(SEEN))).isEqualTo(seen);
    }

    @Test
    void thePlainTextExportShowsWhatTheReaderMaySee() throws Exception {
        readModel.projection.deliver(history);
        ConversationSummary summary = readModel.queries.handle(new FindConversation(ID)).block(Duration.ofSeconds(10));

        String forVisitor = TranscriptText.render(summary, transcript(Role.VISITOR));
        assertThat(forVisitor).contains("[" + second(3) + "] #3 visitor v-1: [redacted]")
                .contains("#4 agent a-1: Hi, let me check").contains("Seen by visitor:v-1 up to #5")
                .doesNotContain("4111").doesNotContain("VIP");
        String forAuditor = TranscriptText.render(summary, transcript(Role.AUDITOR));
        assertThat(forAuditor).contains("original: My card is 4111 1111").contains("(internal note)")
                .contains("redacted " + second(6) + ": card number")
                .contains("attachment: receipt.pdf (application/pdf, 2048 bytes, sha256 ab12)");
    }

    private List<String> search(SearchTranscripts query) {
        return readModel.queries.handle(query).map(ConversationSummary::conversationId).collectList()
                .block(Duration.ofSeconds(10));
    }

    private void deliverQuietly(List<DomainEventMessage<?>> events) {
        try {
            readModel.deliverLive(events);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
