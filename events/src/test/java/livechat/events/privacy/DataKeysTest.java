package livechat.events.privacy;

import livechat.events.Actor;
import livechat.events.Attachment;
import livechat.events.Role;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.MessageEdited;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.events.serialization.EventSerialization;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Message keys made ahead in batches: one store call a batch, one message a key, and still one act to forget. */
class DataKeysTest {

    private static final Actor VISITOR = new Actor(Role.VISITOR, "v-1");
    private static final String TEXT = DataKeys.purpose(MessageSent.class, "text");

    private final Recording store = new Recording();
    private final MasterKey master = new MasterKey(random());
    private final DataKeys keys = new DataKeys(store, master);
    private final Serializer serializer = EventSerialization.serializer(keys);
    /** The conversation's events as stored, which a redaction reads again. */
    private final List<SerializedObject<byte[]>> log = new ArrayList<>();

    @Test
    void eachMessageTakesAKeyOfItsOwnMadeAheadInBatchesOfOneStoreCallEach() {
        append(started());
        int made = store.puts.get();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 2 + 4 + 8; i++) {
            ids.add(keyIdOf(append(message("m-" + i, "hello " + i)), "text"));
        }
        assertThat(ids).hasSize(14).doesNotContain(DataKeys.messageKeyId("c-1", "m-0"));
        assertThat(store.batches).as("batches of 2, 4 and 8").containsExactly(2, 4, 8);
        assertThat(store.puts.get()).as("no key made one at a time").isEqualTo(made);

        MessageSent withAttachment = new MessageSent("c-1", "m-a", "k-a", VISITOR, "see attached", false,
                List.of(new Attachment("scan.png", "image/png", 10, "ab".repeat(32))), null);
        String json = new String(serializer.serialize(withAttachment, byte[].class).getData(), StandardCharsets.UTF_8);
        assertThat(json).as("the text and the attachment's name, one key").contains("\"lc1:" + keys.messageKey("c-1",
                "m-a") + ":").doesNotContain("scan.png");
        assertThat(json.split("lc1:" + keys.messageKey("c-1", "m-a"), -1)).hasSize(3);
    }

    @Test
    void anEventSerializedTwiceIsTheSameBytesAndAnEditKeepsTheMessagesKey() {
        append(started());
        MessageSent sent = message("m-1", "hello");
        assertThat(serializer.serialize(sent, byte[].class).getData())
                .isEqualTo(serializer.serialize(sent, byte[].class).getData());
        MessageEdited edited = edit("m-1", "hello again");
        assertThat(keyIdOf(serializer.serialize(edited, byte[].class), "text"))
                .isEqualTo(keyIdOf(serializer.serialize(sent, byte[].class), "text"));
    }

    @Test
    void aRedactionDestroysThatMessagesKeysOnly() {
        append(started());
        SerializedObject<byte[]> first = append(message("m-1", "card 4111"));
        SerializedObject<byte[]> second = append(message("m-2", "thanks"));
        String copy = keys.sealForMessage("c-1", "m-1", TEXT, "card 4111");

        assertThat(keys.destroyMessageKey("c-1", "m-1")).isTrue();

        assertThat(((MessageSent) serializer.deserialize(first)).text()).isEqualTo(Sealed.ERASED);
        assertThat(keys.open(copy, TEXT)).isEqualTo(Sealed.ERASED);
        assertThat(((MessageSent) serializer.deserialize(second)).text()).isEqualTo("thanks");
        assertThat(((ConversationStarted) serializer.deserialize(log.get(0))).topic()).isEqualTo("refund");
        assertThat(keys.destroyMessageKey("c-1", "m-1")).isFalse();
    }

    @Test
    void aRedactionWhereNothingOfTheMessageWasSeenFindsItsKeysInTheLog() {
        append(started());
        append(message("m-1", "card 4111"));
        SerializedObject<byte[]> other = append(message("m-2", "thanks"));
        // An edit sealed by another process that could not read the log: a key of its own.
        DataKeys elsewhere = new DataKeys(store, master);
        SerializedObject<byte[]> edit = EventSerialization.serializer(elsewhere).serialize(edit("m-1",
                "card 4111 1111"), byte[].class);
        log.add(edit);
        assertThat(keyIdOf(edit, "text")).isNotEqualTo(keyIdOf(log.get(1), "text"));

        DataKeys cold = new DataKeys(store, master);
        Serializer reading = EventSerialization.serializer(cold);
        // A read model's copy, sealed by a process that opened the message first: under the message's key.
        reading.deserialize(log.get(1));
        String copy = cold.sealForMessage("c-1", "m-1", TEXT, "card 4111");
        DataKeys restarted = new DataKeys(store, master);
        Serializer rereading = EventSerialization.serializer(restarted);
        AtomicInteger reads = new AtomicInteger();
        restarted.findMessageKeysWith(conversationId -> {
            reads.incrementAndGet();
            assertThat(conversationId).isEqualTo("c-1");
            log.forEach(rereading::deserialize);
        });

        assertThat(restarted.destroyMessageKey("c-1", "m-1")).isTrue();

        assertThat(reads).hasValue(1);
        assertThat(((MessageSent) rereading.deserialize(log.get(1))).text()).isEqualTo(Sealed.ERASED);
        assertThat(((MessageEdited) rereading.deserialize(edit)).text()).isEqualTo(Sealed.ERASED);
        assertThat(restarted.open(copy, TEXT)).isEqualTo(Sealed.ERASED);
        assertThat(((MessageSent) rereading.deserialize(other)).text()).isEqualTo("thanks");
    }

    /**
     * An edit sealed where the message is not remembered (a restart, the conversation loaded from a snapshot) is
     * sealed under the message's key, found in the log, so a read model's copy is the same bytes wherever it is
     * made: by the process that saw the edit only, or by a rebuild that reads the message first.
     */
    @Test
    void anEditOfAMessageNotRememberedIsSealedUnderTheKeyTheLogNamesForIt() {
        append(started());
        SerializedObject<byte[]> sent = append(message("m-1", "hello"));
        DataKeys restarted = new DataKeys(store, master);
        AtomicInteger reads = new AtomicInteger();
        restarted.findMessageKeysWith(conversationId -> {
            reads.incrementAndGet();
            log.forEach(EventSerialization.serializer(restarted)::deserialize);
        });
        Serializer editing = EventSerialization.serializer(restarted);
        SerializedObject<byte[]> edited = editing.serialize(edit("m-1", "hello again"), byte[].class);
        assertThat(editing.serialize(edit("m-1", "hello again"), byte[].class).getData())
                .isEqualTo(edited.getData());
        assertThat(keyIdOf(edited, "text")).isEqualTo(keyIdOf(sent, "text"));
        assertThat(reads).hasValue(1);

        DataKeys live = new DataKeys(store, master);
        EventSerialization.serializer(live).deserialize(edited);
        DataKeys rebuild = new DataKeys(store, master);
        EventSerialization.serializer(rebuild).deserialize(sent);
        EventSerialization.serializer(rebuild).deserialize(edited);
        String edit = DataKeys.purpose(MessageEdited.class, "text");
        assertThat(live.sealForMessage("c-1", "m-1", edit, "hello again"))
                .isEqualTo(rebuild.sealForMessage("c-1", "m-1", edit, "hello again"));
    }

    @Test
    void aCopySealedWithoutTheMessageOpenedIsUnderTheKeyItsIdNamesWhichARedactionDestroys() {
        append(started());
        DataKeys projection = new DataKeys(store, master);
        String copy = projection.sealForMessage("c-1", "m-1", TEXT, "card 4111");
        assertThat(Sealed.parse(copy).orElseThrow().keyId()).isEqualTo(DataKeys.messageKeyId("c-1", "m-1"));

        assertThat(new DataKeys(store, master).destroyMessageKey("c-1", "m-1")).isTrue();

        assertThat(new DataKeys(store, master).open(copy, TEXT)).isEqualTo(Sealed.ERASED);
    }

    @Test
    void contentSealedUnderTheKeyAMessageIdNamesStillOpensAndIsRedacted() {
        append(started());
        // As a message was sealed before keys were made ahead.
        String legacy = new DataKeys(store, master).sealForMessage("c-1", "m-old", TEXT, "card 4111");
        SerializedObject<byte[]> plain = EventSerialization.serializer().serialize(message("m-old", "x"),
                byte[].class);
        String json = new String(plain.getData(), StandardCharsets.UTF_8).replace("\"x\"", "\"" + legacy + "\"");
        SerializedObject<byte[]> old = new SimpleSerializedObject<>(json.getBytes(StandardCharsets.UTF_8),
                byte[].class, plain.getType());
        log.add(old);

        DataKeys reading = new DataKeys(store, master);
        Serializer serializing = EventSerialization.serializer(reading);
        assertThat(((MessageSent) serializing.deserialize(old)).text()).isEqualTo("card 4111");
        assertThat(keyIdOf(serializing.serialize(edit("m-old", "card 4111 1111"), byte[].class), "text"))
                .as("an edit of it, sealed where it was opened").isEqualTo(DataKeys.messageKeyId("c-1", "m-old"));

        DataKeys redacting = new DataKeys(store, master);
        redacting.findMessageKeysWith(conversationId -> log.forEach(EventSerialization.serializer(redacting)
                ::deserialize));
        assertThat(redacting.destroyMessageKey("c-1", "m-old")).isTrue();
        assertThat(((MessageSent) EventSerialization.serializer(redacting).deserialize(old)).text())
                .isEqualTo(Sealed.ERASED);
    }

    @Test
    void aValueNamingAKeyUnderTheMasterKeyIsNeverTakenForAMessagesKey() {
        append(started());
        String subject = DataKeys.subjectKeyId("v-1");
        keys.openForMessage("c-1", "m-1", "lc1:" + subject + ":", TEXT);

        keys.destroyMessageKey("c-1", "m-1");

        assertThat(keys.subjectErased("v-1")).isFalse();
        assertThat(((ConversationStarted) serializer.deserialize(log.get(0))).topic()).isEqualTo("refund");
    }

    @Test
    void erasingTheVisitorErasesEveryMessageAndTheKeysMadeAheadForThem() {
        append(started());
        SerializedObject<byte[]> sent = append(message("m-1", "card 4111"));
        SerializedObject<byte[]> edited = append(edit("m-1", "card 4111 1111"));
        append(message("m-2", "more"));
        append(message("m-3", "and more"));
        String ahead = store.lastBatch.get(store.lastBatch.size() - 1);

        assertThat(keys.eraseSubject("v-1")).isTrue();

        assertThat(((MessageSent) serializer.deserialize(sent)).text()).isEqualTo(Sealed.ERASED);
        assertThat(((MessageEdited) serializer.deserialize(edited)).text()).isEqualTo(Sealed.ERASED);
        assertThat(keys.seal(ahead, TEXT, "anything")).as("a key made ahead and not used yet")
                .isEqualTo("lc1:" + ahead + ":");
        SerializedObject<byte[]> later = append(message("m-4", "still 4111"));
        assertThat(new String(later.getData(), StandardCharsets.UTF_8)).doesNotContain("4111");
        assertThat(((MessageSent) serializer.deserialize(later)).text()).isEqualTo(Sealed.ERASED);
        assertThat(store.destructions()).as("one destruction: the visitor's key").isEqualTo(1);
        assertThat(store.find(ahead).orElseThrow().isDestroyed()).isFalse();
    }

    @Test
    void batchesGrowToTheirLargestSize() {
        append(started());
        for (int i = 0; i < 2 + 4 + 8 + 16 + 32 + 64 + 64 + 1; i++) {
            keys.messageKey("c-1", "m-" + i);
        }
        assertThat(store.batches).containsExactly(2, 4, 8, 16, 32, 64, 64, 64);
    }

    private SerializedObject<byte[]> append(Object event) {
        SerializedObject<byte[]> stored = serializer.serialize(event, byte[].class);
        log.add(stored);
        return stored;
    }

    private static ConversationStarted started() {
        return new ConversationStarted("c-1", "v-1", "refund", null);
    }

    private static MessageSent message(String messageId, String text) {
        return new MessageSent("c-1", messageId, "k-" + messageId, VISITOR, text, false);
    }

    private static MessageEdited edit(String messageId, String text) {
        return new MessageEdited("c-1", messageId, null, text, "typo", VISITOR);
    }

    /** The key id the event's sealed component names. */
    private static String keyIdOf(SerializedObject<byte[]> event, String component) {
        String json = new String(event.getData(), StandardCharsets.UTF_8);
        int at = json.indexOf("\"" + component + "\":\"lc1:") + component.length() + 8;
        return json.substring(at, at + 22);
    }

    private static byte[] random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** Keys in memory, counting how they are made, and the destructions every process sharing it reads. */
    private static final class Recording implements KeyStore {

        private final InMemoryKeyStore keys = new InMemoryKeyStore();
        final AtomicInteger puts = new AtomicInteger();
        final List<Integer> batches = new ArrayList<>();
        List<String> lastBatch = List.of();
        private final AtomicInteger destructions = new AtomicInteger();

        @Override
        public Optional<StoredKey> find(String keyId) {
            return keys.find(keyId);
        }

        @Override
        public StoredKey putIfAbsent(String keyId, StoredKey key) {
            puts.incrementAndGet();
            return keys.putIfAbsent(keyId, key);
        }

        @Override
        public synchronized Map<String, StoredKey> putAllIfAbsent(Map<String, StoredKey> batch) {
            batches.add(batch.size());
            lastBatch = List.copyOf(batch.keySet());
            Map<String, StoredKey> kept = new LinkedHashMap<>();
            batch.forEach((keyId, key) -> kept.put(keyId, keys.putIfAbsent(keyId, key)));
            return kept;
        }

        @Override
        public boolean destroy(String keyId) {
            destructions.incrementAndGet();
            return keys.destroy(keyId);
        }

        @Override
        public Optional<String> boundTo(String bindingId) {
            return keys.boundTo(bindingId);
        }

        @Override
        public void bind(String bindingId, String subjectKeyId) {
            keys.bind(bindingId, subjectKeyId);
        }

        @Override
        public long destructions() {
            return destructions.get();
        }
    }
}
