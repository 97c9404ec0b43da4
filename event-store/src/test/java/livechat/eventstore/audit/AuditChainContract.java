package livechat.eventstore.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livechat.events.audit.AuditLink;
import livechat.events.audit.ChainVerification;
import livechat.events.audit.CheckpointKey;
import livechat.events.audit.CheckpointSink;
import livechat.events.audit.HashChain;
import livechat.events.audit.StoredEvent;
import livechat.events.audit.StoredEvents;
import livechat.events.serialization.EventSerialization;
import livechat.eventstore.Greeted;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The write-time chain and signed checkpoints against an insider who can write the event store: every engine links
 * what it appends, and each tampering below is found, at its first bad sequence, even when every hash was
 * recomputed (then only the checkpoint can tell). A store implementation supplies the tampering.
 */
public abstract class AuditChainContract {

    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    @TempDir
    Path folder;
    private EventStorageEngine raw;
    private LinkingEventStorageEngine linking;
    private CheckpointSink sink;
    private CheckpointKey key;
    private Checkpointer checkpointer;
    protected final String conversation = UUID.randomUUID().toString();

    /** A fresh store's engine, appending without links. */
    protected abstract EventStorageEngine createRawEngine();

    protected abstract StoredEvents stored();

    protected abstract void editPayload(String aggregateId, long sequence, UnaryOperator<byte[]> edit);

    /** Changes the event's Axon metadata (actor, links) where it is stored. */
    protected abstract void editMetaData(String aggregateId, long sequence, UnaryOperator<ObjectNode> edit);

    /** Moves the event's stored timestamp by one second. */
    protected abstract void shiftTimestamp(String aggregateId, long sequence);

    protected abstract void delete(String aggregateId, long sequence);

    /** Exchanges the stored places of two events, each made to claim the other's sequence. */
    protected abstract void swap(String aggregateId, long first, long second);

    protected abstract void closeStore();

    @BeforeEach
    void open() throws IOException {
        raw = createRawEngine();
        linking = new LinkingEventStorageEngine(raw, EventSerialization.serializer(), stored(), 100);
        sink = new CheckpointSink(folder.resolve("checkpoints"));
        key = CheckpointKey.generate();
        checkpointer = new Checkpointer(linking, stored(), EventSerialization.serializer(), sink, key,
                Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        closeStore();
    }

    private static DomainEventMessage<?> event(String aggregateId, long sequence, String text) {
        return new GenericDomainEventMessage<>(Checkpointer.CONVERSATION, aggregateId, sequence, new Greeted(text),
                MetaData.with("actor", sequence % 2 == 0 ? "visitor:v-1" : "agent:a-1"),
                UUID.randomUUID().toString(), T0.plusSeconds(sequence));
    }

    /** Five events, anchored by checkpoint 1 at sequence 1 and by checkpoint 2 at sequence 4. */
    private void conversationOfFiveCheckpointedTwice() throws IOException {
        linking.appendEvents(List.of(event(conversation, 0, "hello"), event(conversation, 1, "100 EUR")));
        checkpointer.checkpoint(false);
        // A second engine knows no link yet: it must read the last one from the store.
        new LinkingEventStorageEngine(raw, EventSerialization.serializer(), stored(), 100)
                .appendEvents(List.of(event(conversation, 2, "refund?")));
        linking.appendEvents(List.of(event(conversation, 3, "done"), event(conversation, 4, "thanks")));
        checkpointer.checkpoint(false);
    }

    private ChainVerification verify() throws IOException {
        return ChainVerification.of(conversation, stored().read(conversation), sink.load(key.publicKey()), sink);
    }

    private void assertFailsAt(long sequence) throws IOException {
        ChainVerification verification = verify();
        assertThat(verification.ok()).as(verification.reason()).isFalse();
        assertThat(verification.sequence()).as(verification.reason()).isEqualTo(sequence);
    }

    @Test
    void everyAppendedEventCarriesItsLinksAndAnUntouchedLogVerifies() throws IOException {
        conversationOfFiveCheckpointedTwice();

        List<StoredEvent> events = stored().read(conversation);
        assertThat(events).hasSize(5);
        String previous = HashChain.GENESIS;
        for (StoredEvent event : events) {
            assertThat(event.previousLink()).isEqualTo(previous);
            assertThat(event.link()).isEqualTo(new AuditLink(event.eventId(), conversation, event.sequence(),
                    Greeted.class.getName(), T0.plusSeconds(event.sequence()), event.actor(), event.payload())
                    .after(previous));
            previous = event.link();
        }
        ChainVerification verification = verify();
        assertThat(verification.ok()).isTrue();
        assertThat(verification.checked()).isEqualTo(5);
        assertThat(verification.head()).isEqualTo(previous);
        assertThat(verification.linkedFrom()).isZero();
        assertThat(verification.checkpoint().checkpoint()).isEqualTo(2);
        assertThat(verification.checkpoint().sequence()).isEqualTo(4);
        assertThat(checkpointer.checkpoint(false)).as("nothing changed").isEmpty();
    }

    @Test
    void oneChangedPayloadByte() throws IOException {
        conversationOfFiveCheckpointedTwice();
        editPayload(conversation, 1, payload -> new String(payload, StandardCharsets.UTF_8).replace("100", "900")
                .getBytes(StandardCharsets.UTF_8));
        assertFailsAt(1);
        assertThat(verify().firstMismatch()).isEqualTo(stored().read(conversation).get(1).position());
    }

    @Test
    void aChangedActor() throws IOException {
        conversationOfFiveCheckpointedTwice();
        editMetaData(conversation, 2, metaData -> metaData.put("actor", "agent:a-2"));
        assertFailsAt(2);
    }

    @Test
    void aChangedTimestamp() throws IOException {
        conversationOfFiveCheckpointedTwice();
        shiftTimestamp(conversation, 3);
        assertFailsAt(3);
    }

    @Test
    void aDeletedEvent() throws IOException {
        conversationOfFiveCheckpointedTwice();
        delete(conversation, 2);
        assertFailsAt(2);
        assertThat(verify().reason()).contains("missing");
    }

    @Test
    void aForgedEventInsertedBesideTheCommandPath() throws IOException {
        conversationOfFiveCheckpointedTwice();
        raw.appendEvents(List.of(event(conversation, 5, "forged")));
        assertFailsAt(5);
        assertThat(verify().reason()).contains("no write-time link");
    }

    @Test
    void twoSwappedEvents() throws IOException {
        conversationOfFiveCheckpointedTwice();
        swap(conversation, 1, 3);
        assertFailsAt(1);
    }

    @Test
    void aTruncatedLog() throws IOException {
        conversationOfFiveCheckpointedTwice();
        delete(conversation, 4);
        delete(conversation, 3);
        assertFailsAt(3);
        assertThat(verify().reason()).contains("removed from its end");
    }

    @Test
    void aRewriteWithEveryHashRecomputedIsFoundOnlyByTheCheckpoint() throws IOException {
        conversationOfFiveCheckpointedTwice();
        editPayload(conversation, 2, payload -> new String(payload, StandardCharsets.UTF_8).replace("refund?",
                "no refund").getBytes(StandardCharsets.UTF_8));
        recomputeLinksFrom(2);
        ChainVerification verification = verify();
        assertThat(ChainVerification.of(conversation, stored().read(conversation), CheckpointSink.State.EMPTY,
                new CheckpointSink(folder.resolve("none"))).ok()).as("the stored links alone hold").isTrue();
        assertThat(verification.ok()).isFalse();
        assertThat(verification.sequence()).as(verification.reason()).isEqualTo(2);
        assertThat(verification.reason()).contains("checkpoint 2");

        // Nor does the next checkpoint anchor the rewritten history, though a new event was linked onto it (by an
        // engine that read the rewritten last link from the store): the stream keeps its old anchor.
        new LinkingEventStorageEngine(raw, EventSerialization.serializer(), stored(), 100)
                .appendEvents(List.of(event(conversation, 5, "later")));
        checkpointer.checkpoint(true);
        assertThat(sink.load(key.publicKey()).anchors().get(conversation).sequence()).isEqualTo(4);
        assertFailsAt(2);
    }

    @Test
    void aCheckpointWithAChangedSignatureIsRefused() throws IOException {
        conversationOfFiveCheckpointedTwice();
        Path first = sink.file(1);
        String json = Files.readString(first);
        String signature = JSON.readTree(json).get("checkpoint").get("signature").asText();
        String forged = (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1);
        Files.delete(first);
        Files.writeString(first, json.replace(signature, forged));

        assertThatThrownBy(() -> sink.load(key.publicKey())).isInstanceOf(CheckpointSink.Damaged.class)
                .hasMessageContaining("checkpoint 1 is not signed");
        assertThatThrownBy(() -> sink.load(CheckpointKey.generate().publicKey()))
                .isInstanceOf(CheckpointSink.Damaged.class);
    }

    @Test
    void anEventWrittenBeforeChainingIsChainedFromTheFirstCheckpoint() throws IOException {
        raw.appendEvents(List.of(event(conversation, 0, "old"), event(conversation, 1, "older")));
        linking.appendEvents(List.of(event(conversation, 2, "new")));
        checkpointer.checkpoint(false);

        ChainVerification verification = verify();
        assertThat(verification.ok()).as(verification.reason()).isTrue();
        assertThat(verification.linkedFrom()).isEqualTo(2);
        assertThat(verification.checkpoint().sequence()).isEqualTo(2);

        editPayload(conversation, 0, payload -> new String(payload, StandardCharsets.UTF_8).replace("old", "new")
                .getBytes(StandardCharsets.UTF_8));
        assertFailsAt(2);
    }

    /** The tamperer's last step: every link from {@code sequence} on made to fit the changed events. */
    private void recomputeLinksFrom(long sequence) {
        List<StoredEvent> events = stored().read(conversation);
        String previous = events.get((int) sequence - 1).link();
        for (StoredEvent event : events.subList((int) sequence, events.size())) {
            String link = event.content().after(previous);
            String before = previous;
            editMetaData(conversation, event.sequence(), metaData -> metaData.put(AuditLink.PREVIOUS, before)
                    .put(AuditLink.LINK, link));
            previous = link;
        }
    }
}
