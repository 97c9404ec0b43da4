package livechat.query.transcript;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.events.conversation.ConversationEvent.ConversationQueued;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.DisputeEvidenceAdded;
import livechat.events.conversation.ConversationEvent.DisputeOpened;
import livechat.events.conversation.ConversationEvent.MessageEdited;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.events.conversation.ConversationEvent.MessagesSeen;
import livechat.query.live.StreamItem;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static livechat.query.projection.ProjectionDriver.event;
import static livechat.query.transcript.TranscriptCollections.CONVERSATIONS;
import static livechat.query.transcript.TranscriptCollections.ENTRIES;
import static livechat.query.transcript.TranscriptQueries.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads fetch a conversation's entries by id, a window of sequences at a time: pages and catch-ups that span several
 * windows, sequences without an entry, entries the audience may not see, and entries beyond the conversation's own
 * last applied event.
 */
class TimelineReadsTest {

    private static final String ID = "c-1";
    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final Actor VISITOR = Actor.parse("visitor:v-1");
    private static final Actor AGENT = Actor.parse("agent:a-1");

    private final List<DomainEventMessage<?>> history = new ArrayList<>();

    @AutoClose
    private final TranscriptFixture readModel = new TranscriptFixture();

    @BeforeEach
    void setUp() {
        happen(new ConversationStarted(ID, "v-1", "Refund", null));
    }

    /** Appends the next event of the conversation and returns its sequence. */
    private long happen(Object payload) {
        long sequence = history.size();
        history.add(event(ID, sequence, payload, T0.plusSeconds(sequence)));
        return sequence;
    }

    private long message(Actor author, boolean internal) {
        String messageId = "m-" + history.size();
        return happen(new MessageSent(ID, messageId, "c" + messageId, author, "text of " + messageId, internal));
    }

    private void project() throws Exception {
        readModel.projection.deliver(history);
    }

    private Transcript page(Role audience, long after, int limit) {
        return readModel.queries.handle(new FindTranscript(ID, audience, after, limit)).block(Duration.ofSeconds(30));
    }

    private List<Long> timeline(Role audience, long after) {
        return readModel.queries.timelineAfter(ID, audience, after).map(StreamItem::sequence).collectList()
                .block(Duration.ofSeconds(30));
    }

    private static List<Long> sequences(Transcript transcript) {
        return transcript.messages().stream().map(TranscriptMessage::sequence).toList();
    }

    @Test
    void pagesAndCatchUpsSpanSeveralWindows() throws Exception {
        List<Long> messages = new ArrayList<>();
        for (int n = 0; n < 2 * WINDOW + 10; n++) {
            messages.add(message(n % 2 == 0 ? VISITOR : AGENT, false));
        }
        project();

        Transcript first = page(Role.AGENT, -1, WINDOW + 5);
        assertThat(sequences(first)).isEqualTo(messages.subList(0, WINDOW + 5));
        assertThat(first.hasMore()).isTrue();
        Transcript rest = page(Role.AGENT, messages.get(WINDOW + 4), 1000);
        assertThat(sequences(rest)).isEqualTo(messages.subList(WINDOW + 5, messages.size()));
        assertThat(rest.hasMore()).isFalse();
        Transcript exactlyTheRest = page(Role.AGENT, messages.get(WINDOW + 4), messages.size() - WINDOW - 5);
        assertThat(sequences(exactlyTheRest)).isEqualTo(sequences(rest));
        assertThat(exactlyTheRest.hasMore()).isFalse();

        assertThat(readModel.queries.handle(new ExportTranscript(ID, Role.AGENT)).block(Duration.ofSeconds(30)).messages())
                .hasSize(messages.size());
        assertThat(timeline(Role.AGENT, -1)).isEqualTo(LongStream.range(0, history.size()).boxed().toList());
        assertThat(timeline(Role.AGENT, WINDOW + 3))
                .isEqualTo(LongStream.range(WINDOW + 4, history.size()).boxed().toList());
        assertThat(timeline(Role.AGENT, history.size() - 1)).isEmpty();
        assertThat(timeline(Role.AGENT, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void aVisitorsPageSkipsWindowsOfInternalNotes() throws Exception {
        long first = message(VISITOR, false);
        for (int n = 0; n < 2 * WINDOW; n++) {
            message(AGENT, true);
        }
        long second = message(AGENT, false);
        long third = message(VISITOR, false);
        project();

        Transcript page = page(Role.VISITOR, -1, 2);
        assertThat(sequences(page)).containsExactly(first, second);
        assertThat(page.hasMore()).isTrue();
        Transcript last = page(Role.VISITOR, second, 2);
        assertThat(sequences(last)).containsExactly(third);
        assertThat(last.hasMore()).isFalse();
        assertThat(timeline(Role.VISITOR, first)).containsExactly(second, third);
    }

    /**
     * Events this projection does not handle (disputes) leave sequences without an entry, even a window's worth; and
     * receipts, edits and queueing add entries without advancing the conversation's {@code lastSequence}.
     */
    @Test
    void entriesAreFoundAcrossGapsAndBeyondTheConversationsLastAppliedEvent() throws Exception {
        long hello = message(VISITOR, false);
        happen(new DisputeOpened(ID, "d-1", "rude", VISITOR));
        for (int n = 0; n < WINDOW + 3; n++) {
            happen(new DisputeEvidenceAdded(ID, "d-1", "note " + n, AGENT));
        }
        long answer = message(AGENT, false);
        long edit = happen(new MessageEdited(ID, "m-" + hello, hello, "hello again", null, VISITOR));
        long seen = happen(new MessagesSeen(ID, AGENT, answer));
        long queued = happen(new ConversationQueued(ID, null, "unassigned"));
        project();

        assertThat(readModel.queries.handle(new FindConversation(ID)).block(Duration.ofSeconds(10)).lastSequence())
                .isEqualTo(answer);
        assertThat(timeline(Role.VISITOR, -1)).containsExactly(0L, hello, answer, edit, seen, queued);
        assertThat(timeline(Role.VISITOR, answer)).containsExactly(edit, seen, queued);
        Transcript transcript = page(Role.AUDITOR, -1, 10);
        assertThat(sequences(transcript)).containsExactly(hello, answer);
        assertThat(transcript.messages().get(0).edits()).extracting(TranscriptMessage.MessageEdit::sequence)
                .containsExactly(edit);
        assertThat(transcript.seenUpTo()).isEqualTo(Map.of("agent:a-1", answer));
    }

    @Test
    void aConversationProjectedBeforeLastEntryExistedReadsUpToItsLastSequence() throws Exception {
        long hello = message(VISITOR, false);
        long answer = message(AGENT, false);
        project();
        readModel.collections.writer(CONVERSATIONS).updateOne(Filters.eq("_id", ID),
                Updates.unset(TimelineDocuments.LAST_ENTRY));

        assertThat(sequences(page(Role.AGENT, -1, 10))).containsExactly(hello, answer);
        assertThat(timeline(Role.AGENT, hello)).containsExactly(answer);
    }

    /**
     * A batch that fails part-way through its flush (here: an entry that cannot take an edit) has not raised its
     * conversation's mark, so reads see none of its entries yet, the stored ones included; its retry, which
     * Axon makes from the last stored token, makes them readable.
     */
    @Test
    void aBatchThatFailsPartWayShowsItsEntriesOnceItsRetrySucceeds() throws Exception {
        long hello = message(VISITOR, false);
        project();
        readModel.collections.writer(ENTRIES).updateOne(Filters.eq("_id", TimelineDocuments.entryId(ID, hello)),
                Updates.set("edits", "not a list"));

        long answer = message(AGENT, false);
        happen(new MessageEdited(ID, "m-" + hello, hello, "hello again", null, VISITOR));
        List<DomainEventMessage<?>> batch = history.subList(2, history.size());
        assertThatThrownBy(() -> readModel.projection.deliver(batch)).isInstanceOf(IllegalStateException.class);

        assertThat(readModel.collections.writer(ENTRIES).find(Filters.eq("_id", TimelineDocuments.entryId(ID, answer)))
                .first())
                .isNotNull();
        assertThat(timeline(Role.AGENT, hello)).doesNotContain(answer);

        readModel.collections.writer(ENTRIES).updateOne(Filters.eq("_id", TimelineDocuments.entryId(ID, hello)),
                Updates.unset("edits"));
        readModel.projection.deliver(batch);
        assertThat(timeline(Role.AGENT, hello)).contains(answer);
    }
}
