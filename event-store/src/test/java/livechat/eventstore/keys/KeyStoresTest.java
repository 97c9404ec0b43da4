package livechat.eventstore.keys;

import livechat.events.privacy.DataKeys;
import livechat.events.privacy.KeyStore;
import livechat.events.privacy.MasterKey;
import livechat.events.privacy.Sealed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded key store's file and the external key service behave as {@link DataKeys} needs. */
class KeyStoresTest {

    private static final MasterKey MASTER = new MasterKey(new byte[32]);

    @TempDir
    Path folder;

    @Test
    void keysDestructionsAndBindingsOutliveAReopen() {
        Path file = folder.resolve("privacy/data-keys");
        String sealed;
        String redacted;
        try (KeyStore store = FileKeyStore.open(file)) {
            DataKeys keys = new DataKeys(store, MASTER);
            keys.bind("c-1", "v-1");
            sealed = keys.seal(keys.messageKey("c-1", "m-1"), "MessageSent.text", "hello");
            redacted = keys.seal(keys.messageKey("c-1", "m-2"), "MessageSent.text", "bye");
            assertThat(keys.destroyMessageKey("c-1", "m-2")).isTrue();
        }
        try (KeyStore store = FileKeyStore.open(file)) {
            DataKeys keys = new DataKeys(store, MASTER);
            assertThat(keys.open(sealed, "MessageSent.text")).isEqualTo("hello");
            assertThat(keys.conversationKey("c-1")).isEqualTo(DataKeys.subjectKeyId("v-1"));
            assertThat(keys.open(redacted, "MessageSent.text")).isEqualTo(Sealed.ERASED);
            assertThat(store.find(DataKeys.messageKeyId("c-1", "m-2")).orElseThrow().isDestroyed()).isTrue();
            assertThat(keys.destroyMessageKey("c-1", "m-2")).isFalse();
        }
    }

    /** Two processes (two nodes, or a node and the tool) share the file: each reads what the other made or destroyed. */
    @Test
    void storesSharingAFileSeeEachOthersKeysAndDestructions() {
        Path file = folder.resolve("privacy/data-keys");
        try (KeyStore first = FileKeyStore.open(file); KeyStore second = FileKeyStore.open(file)) {
            DataKeys here = new DataKeys(first, MASTER);
            DataKeys there = new DataKeys(second, MASTER);
            here.bind("c-1", "v-1");
            String message = here.sealForMessage("c-1", "m-1", "MessageSent.text", "hello");
            String topic = here.sealForConversation("c-1", "ConversationStarted.topic", "refund");
            assertThat(there.open(message, "MessageSent.text")).isEqualTo("hello");
            assertThat(there.open(topic, "ConversationStarted.topic")).isEqualTo("refund");

            assertThat(here.destroyMessageKey("c-1", "m-1")).isTrue();
            assertThat(there.open(message, "MessageSent.text")).isEqualTo(Sealed.ERASED);
            assertThat(there.open(topic, "ConversationStarted.topic")).isEqualTo("refund");

            assertThat(here.eraseSubject("v-1")).isTrue();
            assertThat(there.open(topic, "ConversationStarted.topic")).isEqualTo(Sealed.ERASED);
            assertThat(second.destructions()).isEqualTo(first.destructions()).isEqualTo(2);
        }
    }

    /**
     * Another process (a node) holds the file's lock while this one makes a key: the thread making it waits, and a
     * key already known is still found at once, so one node's appends never stall another's reads.
     */
    @Test
    void aKnownKeyIsFoundWhileAWriterWaitsForAnotherProcesssLock() throws Exception {
        Path file = folder.resolve("data-keys");
        KeyStore.StoredKey key = new KeyStore.StoredKey(null, new byte[] {1, 2, 3});
        try (FileKeyStore store = FileKeyStore.open(file)) {
            store.putIfAbsent("a2V5LWtub3duLTAwMDAwMA", key);
            Path holder = folder.resolve("HoldLock.java");
            Files.writeString(holder, """
                    import java.nio.channels.FileChannel;
                    import java.nio.file.Path;
                    import java.nio.file.StandardOpenOption;
                    public class HoldLock {
                        public static void main(String[] args) throws Exception {
                            try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ,
                                    StandardOpenOption.WRITE); var lock = channel.lock(0, 16, false)) {
                                System.out.println("locked");
                                System.in.read();
                            }
                        }
                    }
                    """);
            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    holder.toString(), file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                assertThat(other.inputReader().readLine()).isEqualTo("locked");
                Thread[] writer = new Thread[1];
                Future<KeyStore.StoredKey> made = threads.submit(() -> {
                    writer[0] = Thread.currentThread();
                    return store.putIfAbsent("a2V5LW5ldy0wMDAwMDAwMA", key);
                });
                while (writer[0] == null || Arrays.stream(writer[0].getStackTrace())
                        .noneMatch(frame -> frame.getMethodName().equals("lock0"))) {
                    assertThat(made.isDone()).as("the writer waits for the other process's lock").isFalse();
                    Thread.sleep(10);
                }

                Future<Optional<KeyStore.StoredKey>> known = threads.submit(() -> store.find(
                        "a2V5LWtub3duLTAwMDAwMA"));
                assertThat(known.get(30, TimeUnit.SECONDS)).isPresent();
                assertThat(made.isDone()).isFalse();

                other.getOutputStream().close();
                assertThat(made.get(30, TimeUnit.SECONDS).wrapped()).containsExactly(1, 2, 3);
                assertThat(store.find("a2V5LW5ldy0wMDAwMDAwMA")).isPresent();
            } finally {
                other.destroyForcibly();
                threads.shutdownNow();
            }
        }
    }

    @Test
    void keysTakenAtOnceByManyThreadsAreDistinctDurableAndMadeWithFewFlushes() throws Exception {
        Path file = folder.resolve("data-keys");
        List<String> sealed = Collections.synchronizedList(new ArrayList<>());
        Set<String> shared = ConcurrentHashMap.newKeySet();
        long flushes;
        try (FileKeyStore store = FileKeyStore.open(file)) {
            DataKeys keys = new DataKeys(store, MASTER);
            keys.bind("c-1", "v-1");
            long before = store.flushes();
            ExecutorService threads = Executors.newFixedThreadPool(16);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        String message = "m-" + thread + "-" + i;
                        sealed.add(keys.seal(keys.messageKey("c-1", message), "MessageSent.text",
                                "text " + thread + "-" + i));
                        // Every thread also asks for one shared message's key, taken once.
                        shared.add(keys.messageKey("c-1", "m-shared"));
                    }
                }));
            }
            for (Future<?> thread : done) {
                thread.get();
            }
            threads.shutdown();
            flushes = store.flushes() - before;
        }
        assertThat(shared).hasSize(1);
        assertThat(sealed.stream().map(value -> Sealed.parse(value).orElseThrow().keyId()).distinct())
                .as("a key a message").hasSize(1600);
        assertThat(flushes).as("a flush a batch of up to 64 keys, not one a key").isLessThan(200);
        try (KeyStore store = FileKeyStore.open(file)) {
            DataKeys keys = new DataKeys(store, MASTER);
            assertThat(sealed).hasSize(1600).allSatisfy(value -> assertThat(keys.open(value, "MessageSent.text"))
                    .startsWith("text "));
            long slots = (Files.size(file) - 16) / 128;
            assertThat(slots).as("a slot a key taken, the binding, the subject's and the master check, and the "
                    + "keys made ahead not taken yet").isBetween(1601L + 3, 1601L + 3 + 16 * 64);
        }
    }

    @Test
    void keysPutTogetherAreFlushedOnceAndOutliveAReopen() {
        Path file = folder.resolve("data-keys");
        Map<String, KeyStore.StoredKey> batch = new LinkedHashMap<>();
        for (int i = 0; i < 64; i++) {
            batch.put(DataKeys.subjectKeyId("v-" + i), new KeyStore.StoredKey(DataKeys.subjectKeyId("v-parent"),
                    new byte[]{(byte) i, 2, 3}));
        }
        try (FileKeyStore store = FileKeyStore.open(file)) {
            store.putIfAbsent(DataKeys.subjectKeyId("v-0"), new KeyStore.StoredKey(null, new byte[]{9}));
            long before = store.flushes();
            Map<String, KeyStore.StoredKey> kept = store.putAllIfAbsent(batch);
            assertThat(store.flushes() - before).isEqualTo(1);
            assertThat(kept.keySet()).containsExactlyElementsOf(batch.keySet());
            assertThat(kept.get(DataKeys.subjectKeyId("v-0")).wrapped()).as("what was there stays")
                    .containsExactly(9);
        }
        try (KeyStore store = FileKeyStore.open(file)) {
            assertThat(store.find(DataKeys.subjectKeyId("v-0")).orElseThrow().wrapped()).containsExactly(9);
            for (int i = 1; i < 64; i++) {
                KeyStore.StoredKey key = store.find(DataKeys.subjectKeyId("v-" + i)).orElseThrow();
                assertThat(key.parentId()).isEqualTo(DataKeys.subjectKeyId("v-parent"));
                assertThat(key.wrapped()).containsExactly((byte) i, 2, 3);
            }
        }
    }

    @Test
    void aDestroyedKeysBytesAreGoneFromTheFile() throws IOException {
        Path file = folder.resolve("data-keys");
        byte[] wrapped;
        try (KeyStore store = FileKeyStore.open(file)) {
            DataKeys keys = new DataKeys(store, MASTER);
            keys.subjectKey("v-1");
            wrapped = store.find(DataKeys.subjectKeyId("v-1")).orElseThrow().wrapped();
            assertThat(Collections.indexOfSubList(bytes(file), bytes(wrapped))).isNotNegative();
            assertThat(keys.eraseSubject("v-1")).isTrue();
        }
        assertThat(Collections.indexOfSubList(bytes(file), bytes(wrapped))).isNegative();
        assertThat(Files.getPosixFilePermissions(file)).hasSize(2);
    }

    @Test
    void aSlotTornByACrashIsIgnored() throws IOException {
        Path file = folder.resolve("data-keys");
        try (KeyStore store = FileKeyStore.open(file)) {
            new DataKeys(store, MASTER).subjectKey("v-1");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[]{1, 9, 9, 9}), channel.size());
        }
        try (KeyStore store = FileKeyStore.open(file)) {
            DataKeys keys = new DataKeys(store, MASTER);
            assertThat(keys.knowsSubject("v-1")).isTrue();
            keys.subjectKey("v-2");
            assertThat(keys.knowsSubject("v-2")).isTrue();
        }
    }

    @Test
    void anExternalKeyServiceIsAskedOnlyForWhatIsNotCached() {
        KeyServiceDouble service = new KeyServiceDouble();
        DataKeys keys = new DataKeys(service, service);
        keys.bind("c-1", "v-1");
        String sealed = keys.sealForMessage("c-1", "m-1", "MessageSent.text", "hello");
        int asked = service.requests();
        for (int i = 0; i < 100; i++) {
            assertThat(keys.open(sealed, "MessageSent.text")).isEqualTo("hello");
            keys.sealForMessage("c-1", "m-1", "MessageSent.text", "hello " + i);
        }
        assertThat(service.requests()).isEqualTo(asked);

        assertThat(keys.eraseSubject("v-1")).isTrue();
        assertThat(keys.open(sealed, "MessageSent.text")).isEqualTo(Sealed.ERASED);
    }

    @Test
    void aKeyServiceKeepsTheMasterKeyAndIsAskedOncePerStart() throws IOException {
        String sealed;
        try (KmsDouble kms = KmsDouble.start()) {
            try (DataFolderKeys keys = DataFolderKeys.open(folder, null, kms.settings())) {
                sealed = keys.keys().sealForMessage("c-1", "m-1", "MessageSent.text", "hello");
                for (int i = 0; i < 100; i++) {
                    keys.keys().sealForMessage("c-1", "m-" + i, "MessageSent.text", "hello " + i);
                }
            }
            assertThat(kms.requests()).as("made, then unwrapped").isEqualTo(2);
            assertThat(folder.resolve("keys").resolve(DataFolderKeys.MASTER_KEY_FILE)).doesNotExist();
            try (DataFolderKeys keys = DataFolderKeys.open(folder, null, kms.settings())) {
                assertThat(keys.keys().open(sealed, "MessageSent.text")).isEqualTo("hello");
            }
            assertThat(kms.requests()).isEqualTo(3);
        }
        try (KmsDouble another = KmsDouble.start()) {
            assertThatThrownBy(() -> DataFolderKeys.open(folder, null, another.settings()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not unwrap");
        }
        assertThatThrownBy(() -> DataFolderKeys.open(folder, null, new KmsMasterKey.Settings(KmsDouble.KEY_ID,
                "eu-west-1", "http://127.0.0.1:9")))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> DataFolderKeys.open(folder, "AAAA", new KmsMasterKey.Settings("alias/x", null,
                null))).isInstanceOf(IllegalStateException.class).hasMessageContaining("both");
    }

    private static java.util.List<Byte> bytes(Path file) throws IOException {
        return bytes(Files.readAllBytes(file));
    }

    private static java.util.List<Byte> bytes(byte[] bytes) {
        java.util.List<Byte> list = new java.util.ArrayList<>(bytes.length);
        for (byte b : bytes) {
            list.add(b);
        }
        return list;
    }
}
