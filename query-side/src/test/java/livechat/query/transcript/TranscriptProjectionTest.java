package livechat.query.transcript;

import com.mongodb.client.model.Filters;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.query.live.StreamItem;
import livechat.query.projection.TestMongo;
import org.axonframework.eventhandling.DomainEventMessage;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static livechat.query.projection.ProjectionDriver.event;
import static livechat.query.projection.TestMongo.all;
import static livechat.query.transcript.TranscriptCollections.CONVERSATIONS;
import static livechat.query.transcript.TranscriptCollections.ENTRIES;
import static org.assertj.core.api.Assertions.assertThat;

class TranscriptProjectionTest {

    private static final String ID = "c-1";
    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final Actor VISITOR = Actor.parse("visitor:v-1");
    private static final Actor AGENT = Actor.parse("agent:a-1");

    private final List<DomainEventMessage<?>> history = List.of(
            event(ID, 0, new ConversationStarted(ID, "v-1", "Refund", "billing"), T0),
            event(ID, 1, new MessageSent(ID, "m-1", "cm-1", VISITOR, "Hello", false), T0.plusSeconds(5)),
            event(ID, 2, new MessageSent(ID, "m-2", "cm-2", AGENT, "Customer seems upset", true), T0.plusSeconds(9)),
            event(ID, 3, new MessageSent(ID, "m-3", "cm-3", AGENT, "Hi, how can I help?", false), T0.plusSeconds(20)),
            event(ID, 4, new ConversationClosed(ID, VISITOR, "solved"), T0.plusSeconds(60)));


    @AutoClose
    private final TranscriptFixture readModel = new TranscriptFixture();

    private Transcript transcript(Role audience) {
        return readModel.queries.handle(new FindTranscript(ID, audience, -1, 100)).block(Duration.ofSeconds(10));
    }

    @Test
    void aConversationBecomesATranscriptInOrder() throws Exception {
        readModel.projection.deliver(history);

        Transcript transcript = transcript(Role.AGENT);
        assertThat(transcript.status()).isEqualTo("CLOSED");
        assertThat(transcript.messages()).containsExactly(
                message(1, "m-1", "v-1", "visitor", "Hello", 5, false),
                message(2, "m-2", "a-1", "agent", "Customer seems upset", 9, true),
                message(3, "m-3", "a-1", "agent", "Hi, how can I help?", 20, false));

        ConversationSummary summary = readModel.queries.handle(new FindConversation(ID)).block(Duration.ofSeconds(10));
        assertThat(summary).isEqualTo(new ConversationSummary(ID, "CLOSED", "v-1", "Refund", "billing", null, T0,
                T0.plusSeconds(60), 4, 3, List.of(), List.of()));
    }

    /** The documents hold personal content sealed; a destroyed key reads as erased, the rest as it was. */
    @Test
    void personalContentIsStoredSealedAndReadsErasedOnceItsKeyIsGone() throws Exception {
        String id = "c-sealed";
        readModel.projection.deliver(List.of(
                event(id, 0, new ConversationStarted(id, "v-sealed", "Refund 4711", null), T0),
                event(id, 1, new MessageSent(id, "m-1", "cm-1", VISITOR, "card 4111", false), T0.plusSeconds(1)),
                event(id, 2, new MessageSent(id, "m-2", "cm-2", VISITOR, "thanks", false), T0.plusSeconds(2))));
        assertThat(all(readModel.collections.writer(ENTRIES)).toString()
                + all(readModel.collections.writer(CONVERSATIONS))).doesNotContain("4111", "4711", "thanks");

        readModel.keys.destroyMessageKey(id, "m-1");
        assertThat(readModel.queries.handle(new FindTranscript(id, Role.AGENT, -1, 100)).block(Duration.ofSeconds(10))
                .messages()).extracting(TranscriptMessage::text).containsExactly("[erased]", "thanks");

        readModel.keys.eraseSubject("v-sealed");
        assertThat(readModel.queries.handle(new FindTranscript(id, Role.AGENT, -1, 100)).block(Duration.ofSeconds(10))
                .messages()).extracting(TranscriptMessage::text).containsExactly("[erased]", "[erased]");
        assertThat(readModel.queries.handle(new FindConversation(id)).block(Duration.ofSeconds(10)).topic())
                .isEqualTo("[erased]");
    }

    /** Who wrote, closed or read is a {role, id} beside a plain id, in every kind of entry. */
    @Test
    void actorsAreStoredAsRoleAndIdBesideAPlainId() throws Exception {
        readModel.projection.deliver(history);

        Document message = readModel.collections.writer(ENTRIES).find(Filters.eq("messageId", "m-3")).first();
        assertThat(message.get("author")).isEqualTo(new Document("role", "agent").append("id", "a-1"));
        assertThat(message).containsEntry("authorId", "a-1");
        Document closed = readModel.collections.writer(ENTRIES).find(Filters.eq("status", "CLOSED")).first();
        assertThat(closed.get("actor")).isEqualTo(new Document("role", "visitor").append("id", "v-1"));
        assertThat(closed).containsEntry("actorId", "v-1");
    }

    @Test
    void visitorsNeverSeeInternalNotes() throws Exception {
        readModel.projection.deliver(history);

        assertThat(transcript(Role.VISITOR).messages()).extracting(TranscriptMessage::messageId)
                .containsExactly("m-1", "m-3");
        assertThat(transcript(Role.SUPERVISOR).messages()).extracting(TranscriptMessage::messageId)
                .containsExactly("m-1", "m-2", "m-3");
    }

    @Test
    void redeliveringEventsInAnyBatchingChangesNothing() throws Exception {
        readModel.projection.deliver(history);
        List<Document> entries = all(readModel.collections.writer(ENTRIES));
        List<Document> conversations = all(readModel.collections.writer(CONVERSATIONS));

        readModel.projection.deliver(history);
        readModel.projection.deliver(history.subList(1, 3));
        readModel.projection.deliver(history.subList(3, 5));
        for (DomainEventMessage<?> single : history) {
            readModel.projection.deliver(List.of(single));
        }

        assertThat(all(readModel.collections.writer(ENTRIES))).isEqualTo(entries);
        assertThat(all(readModel.collections.writer(CONVERSATIONS))).isEqualTo(conversations);
        assertThat(transcript(Role.AGENT).messages()).hasSize(3);
    }

    @Test
    void aBatchThatRepeatsAppliedEventsStillWritesTheNewOnesAfterThem() throws Exception {
        readModel.projection.deliver(history);

        try (TranscriptFixture resumed = new TranscriptFixture()) {
            // As after a crash between a batch's writes and its token: the next batch starts where the last did.
            resumed.projection.deliver(history.subList(0, 2));
            resumed.projection.deliver(history);

            assertThat(all(resumed.collections.writer(ENTRIES))).isEqualTo(all(readModel.collections.writer(ENTRIES)));
            assertThat(all(resumed.collections.writer(CONVERSATIONS)))
                    .isEqualTo(all(readModel.collections.writer(CONVERSATIONS)));
        }
    }

    @Test
    void aBatchUpdatesItsConversationOnceForAllItsMessagesAndItsClose() throws Exception {
        List<String> conversationUpdates = new CopyOnWriteArrayList<>();
        CommandListener updatesOfConversations = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent started) {
                BsonDocument command = started.getCommand();
                if (command.isString("update") && command.getString("update").getValue().endsWith("conversations")) {
                    // Read now: the command's bytes are released once the listener returns.
                    command.getArray("updates")
                            .forEach(update -> conversationUpdates.add(update.asDocument().toJson()));
                }
            }
        };
        try (TranscriptFixture counted = new TranscriptFixture(new TestMongo(updatesOfConversations))) {
            counted.projection.deliver(history);

            // The start's insert, the batch's mark of its last entry, and one merged update for the three messages
            // and the close rather than a statement each.
            assertThat(conversationUpdates).hasSize(3);
            Document conversation = counted.collections.writer(CONVERSATIONS).find().first();
            assertThat(conversation.getLong("messageCount")).isEqualTo(3L);
            assertThat(conversation.getString("status")).isEqualTo("CLOSED");
            assertThat(conversation.getLong("lastSequence")).isEqualTo(4L);
            assertThat(conversation.getDate("lastMessageAt")).isEqualTo(Date.from(T0.plusSeconds(20)));
        }
    }

    /**
     * Reads fetch entries by id up to the conversation's mark of its last entry, while a batch may be inserting
     * them: were the mark written first, a read could find a later entry and miss an earlier one, and a stream that
     * delivered the later one would never deliver the earlier.
     */
    @Test
    void theMarkOfTheLastEntryIsWrittenAfterTheEntriesItCovers() throws Exception {
        List<String> writes = new CopyOnWriteArrayList<>();
        CommandListener order = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent started) {
                BsonDocument command = started.getCommand();
                if (command.isString("insert") && command.getString("insert").getValue().equals(ENTRIES)) {
                    command.getArray("documents").forEach(entry -> writes.add("entry "
                            + entry.asDocument().getString("_id").getValue()));
                } else if (command.isString("update")
                        && command.getString("update").getValue().equals(CONVERSATIONS)) {
                    command.getArray("updates").forEach(update -> {
                        BsonDocument change = update.asDocument().getDocument("u");
                        if (change.containsKey("$max")) {
                            writes.add("mark " + change.getDocument("$max").getNumber("lastEntry").longValue());
                        }
                    });
                }
            }
        };
        try (TranscriptFixture recorded = new TranscriptFixture(new TestMongo(order))) {
            recorded.projection.deliver(history);

            assertThat(writes).hasSize(6).last().isEqualTo("mark 4");
            assertThat(writes.subList(0, 5)).allMatch(write -> write.startsWith("entry "));
        }
    }

    @Test
    void liveItemsAreTheWrittenEntriesAfterASequenceInOrder() throws Exception {
        readModel.projection.deliver(history);

        assertThat(readModel.queries.liveAfter(Map.of(ID, 1L, "nobody", 0L)).get(ID))
                .extracting(item -> item.event() + ":" + item.sequence())
                .containsExactly("message:2", "message:3", "status:4");
    }

    @Test
    void pagesFollowTheSequence() throws Exception {
        readModel.projection.deliver(history);

        Transcript page = readModel.queries.handle(new FindTranscript(ID, Role.AGENT, 1, 1)).block(Duration.ofSeconds(10));
        assertThat(page.messages()).extracting(TranscriptMessage::sequence).containsExactly(2L);
        assertThat(page.hasMore()).isTrue();
        Transcript last = readModel.queries.handle(new FindTranscript(ID, Role.AGENT, 2, 5)).block(Duration.ofSeconds(10));
        assertThat(last.messages()).extracting(TranscriptMessage::sequence).containsExactly(3L);
        assertThat(last.hasMore()).isFalse();
    }

    @Test
    void anUnknownConversationHasNoTranscript() {
        assertThat(readModel.queries.handle(new FindTranscript("nope", Role.AGENT, -1, 10)).blockOptional(Duration.ofSeconds(10)))
                .isEmpty();
    }

    @Test
    void theTimelineCarriesStatusChangesAndMessagesForTheStream() throws Exception {
        readModel.projection.deliver(history);

        List<StreamItem> forVisitor = readModel.queries.timelineAfter(ID, Role.VISITOR, 0).collectList()
                .block(Duration.ofSeconds(10));
        assertThat(forVisitor).extracting(StreamItem::sequence).containsExactly(1L, 3L, 4L);
        assertThat(forVisitor).extracting(StreamItem::event).containsExactly("message", "message", "status");
        assertThat(forVisitor.get(2).data()).isEqualTo(new StatusChange(4, "CLOSED", "visitor:v-1", "solved",
                T0.plusSeconds(60)));
    }

    private static TranscriptMessage message(long sequence, String messageId, String authorId, String role,
                                             String text, long second, boolean internal) {
        return new TranscriptMessage(sequence, messageId, authorId, role, text, T0.plusSeconds(second), internal,
                List.of(), null, List.of(), null, null);
    }
}
