package livechat.events.privacy;

import javax.crypto.AEADBadTagException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The data keys personal content is sealed under, in a hierarchy where each act of forgetting is one destruction:
 * a subject key per visitor, wrapped by the master key; message keys, wrapped by the visitor's key, each sealing the
 * content of one message only. Erasing a visitor destroys their key, which leaves every message key under it
 * unwrappable; redacting a message destroys its keys. A conversation's other personal content is sealed under its
 * visitor's key, found through the binding recorded when its start was sealed.
 * <p>
 * Message keys are made ahead, in batches under a visitor's key, each batch durable in the store with one flush
 * before any key of it is handed out; a message takes one as it is sent, and its edits and the read models' copies
 * are sealed under the same key (a copy made where it is not known is sealed under the key the message's id names).
 * Which key a message's content is sealed under is named by its sealed values only: this process remembers what it
 * sealed and opened, and reads the conversation's events again ({@link #findMessageKeysWith}) to find what it does
 * not remember, for an edit or a redaction. Keys of a batch left unused (a stop, a conversation that ends) are
 * wrapped under the visitor's key like the others.
 * <p>
 * Every other key is made on first use. Keys are kept in a {@link KeyStore}; unwrapped keys are cached in memory,
 * and the whole cache is forgotten whenever a key is destroyed, here or by another process sharing the store
 * (another node, the tool), as the store's count of destructions tells at every use. Content sealed under a
 * destroyed key reads as {@link Sealed#ERASED}; content sealed for a key that is already destroyed keeps nothing of
 * its text.
 */
public final class DataKeys {

    private static final int CACHED_KEYS = 100_000;
    /** Visitors whose message keys made ahead are remembered; those of a visitor forgotten stay unused. */
    private static final int POOLS = 10_000;
    /** The most message keys made ahead at once under one visitor's key; batches double up to it from 2. */
    private static final int MAX_BATCH = 64;
    private static final int ID_BYTES = 16;
    private static final Base64.Encoder ID = Base64.getUrlEncoder().withoutPadding();
    private static final String MASTER_CHECK = keyId("master-check");

    private final KeyStore store;
    private final KeyWrapping master;
    private final SecureRandom random = new SecureRandom();
    /** key id -> the unwrapped key, or empty when destroyed or under a destroyed key */
    private final Map<String, Optional<byte[]>> keys = lru(CACHED_KEYS);
    /** The store's count of destructions the cached keys are as of. */
    private volatile long destructions;
    /** conversation id -> its subject's key id */
    private final Map<String, String> subjects = lru(CACHED_KEYS);
    private volatile Function<String, Optional<String>> visitorOf = conversationId -> Optional.empty();
    /** conversation id and message id -> the keys its content is sealed under, as far as this process saw */
    private final Map<String, MessageKeys> messages = lru(CACHED_KEYS);
    /** a visitor's key id (a conversation's own) -> message keys made ahead under it */
    private final Map<String, Batches> made = lru(POOLS);
    private volatile Consumer<String> readConversation = conversationId -> {
    };

    /**
     * Keys kept in {@code store} under {@code master}; throws {@link IllegalStateException} if the store's keys were
     * made under another master key, which could then neither be read nor safely added to.
     */
    public DataKeys(KeyStore store, KeyWrapping master) {
        this.store = store;
        this.master = master;
        if (ensure(MASTER_CHECK, null).isEmpty()) {
            throw new IllegalStateException("the key store's master check is destroyed");
        }
    }

    /** Keys in memory under a random master key: nothing outlives the process. */
    public static DataKeys inMemory() {
        byte[] key = new byte[Aead.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return new DataKeys(new InMemoryKeyStore(), new MasterKey(key));
    }

    /**
     * How a conversation whose start was sealed before bindings were recorded finds its visitor (from the log):
     * asked once per conversation, the answer is recorded.
     */
    public void findVisitorsWith(Function<String, Optional<String>> visitorOfConversation) {
        this.visitorOf = visitorOfConversation;
    }

    /**
     * How an edit and a redaction find the keys a message's content was sealed under, by another process or before
     * a restart: {@code readConversation} reads the conversation's events from the log and deserializes them, which
     * opens their sealed values, and opening remembers their keys.
     */
    public void findMessageKeysWith(Consumer<String> readConversation) {
        this.readConversation = readConversation;
    }

    /** A key's id: 22 base64url characters of SHA-256 over its name, so ids reveal nothing of what they name. */
    static String keyId(String name) {
        return digest(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String digest(byte[] bytes) {
        try {
            return ID.encodeToString(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(bytes), 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Names the key store without revealing a key: a digest of its master check as wrapped, which is random for
     * every store made. Processes that share a store answer the same; stores made apart answer differently.
     */
    public String fingerprint() {
        return digest(store.find(MASTER_CHECK).map(KeyStore.StoredKey::wrapped).orElse(new byte[0]));
    }

    public static String subjectKeyId(String visitorId) {
        return keyId("subject\n" + visitorId);
    }

    /**
     * The message key whose id is named by the message: what its content was sealed under before keys were made
     * ahead, and what the read models seal their copy under when this process does not know the message's key.
     */
    public static String messageKeyId(String conversationId, String messageId) {
        return keyId("message\n" + conversationId + "\n" + messageId);
    }

    static String bindingId(String conversationId) {
        return keyId("conversation\n" + conversationId);
    }

    /** The associated data of a wrapped key: it unwraps only as the key it was wrapped as. */
    static String wrapping(String keyId) {
        return "livechat-key-v1|" + keyId;
    }

    /** Where a value stands, bound into its seal: {@code MessageSent.text}. */
    public static String purpose(Class<?> record, String component) {
        return record.getSimpleName() + "." + component;
    }

    /** The visitor's key id, the key made now if it does not exist yet. */
    public String subjectKey(String visitorId) {
        String id = subjectKeyId(visitorId);
        ensure(id, null);
        return id;
    }

    /** Records that the conversation's content is sealed under the visitor's key; the first binding stays. */
    public void bind(String conversationId, String visitorId) {
        if (subjects.get(conversationId) == null) {
            String subject = subjectKey(visitorId);
            store.bind(bindingId(conversationId), subject);
            subjects.put(conversationId, store.boundTo(bindingId(conversationId)).orElse(subject));
        }
    }

    /**
     * The key id of the conversation's visitor. A conversation whose visitor cannot be found is sealed under a key
     * of its own, wrapped by the master key.
     */
    public String conversationKey(String conversationId) {
        String known = subjects.get(conversationId);
        if (known != null) {
            return known;
        }
        Optional<String> bound = store.boundTo(bindingId(conversationId));
        if (bound.isPresent()) {
            subjects.put(conversationId, bound.get());
            return bound.get();
        }
        Optional<String> visitor = visitorOf.apply(conversationId);
        if (visitor.isPresent()) {
            bind(conversationId, visitor.get());
            return subjects.get(conversationId);
        }
        String own = keyId("conversation-key\n" + conversationId);
        ensure(own, null);
        return own;
    }

    /**
     * The key id the message's content is sealed under: the one this process sealed or opened it under, else one
     * made ahead under the visitor's key, taken now. Taken once per message however many threads ask at once, so
     * an event serialized twice is the same bytes.
     */
    public String messageKey(String conversationId, String messageId) {
        MessageKeys message = message(conversationId, messageId);
        String known = message.sealing();
        if (known != null) {
            return known;
        }
        String taken = takeMadeAhead(conversationKey(conversationId));
        // No key is made under an erased visitor's: the message's own id seals nothing of its content.
        return message.sealWith(taken != null ? taken : messageKeyId(conversationId, messageId));
    }

    /**
     * The key id a message already sent is sealed under ({@link #messageKey}), the conversation's events read again
     * if this process does not remember it; a key taken now if they do not name one either.
     */
    public String sentMessageKey(String conversationId, String messageId) {
        if (message(conversationId, messageId).sealing() == null) {
            readConversation.accept(conversationId);
        }
        return messageKey(conversationId, messageId);
    }

    /** {@code text} sealed under the key {@code keyId}; null stays null. */
    public String seal(String keyId, String purpose, String text) {
        if (text == null) {
            return null;
        }
        Optional<byte[]> key = key(keyId);
        byte[] box = key == null || key.isEmpty() ? new byte[0]
                : Aead.seal(key.get(), keyId + "|" + purpose, text.getBytes(StandardCharsets.UTF_8));
        return new Sealed(keyId, box).toString();
    }

    /**
     * A copy of the message's content (a read model's) sealed under the key this process opened or sealed the
     * message under, else under the key {@link #messageKeyId} names, made if need be: either way a key its
     * redaction destroys.
     */
    public String sealForMessage(String conversationId, String messageId, String purpose, String text) {
        if (text == null) {
            return null;
        }
        String known = message(conversationId, messageId).sealing();
        if (known != null) {
            return seal(known, purpose, text);
        }
        String own = messageKeyId(conversationId, messageId);
        ensure(own, conversationKey(conversationId));
        return seal(own, purpose, text);
    }

    /** Sealed under the key of the conversation's visitor. */
    public String sealForConversation(String conversationId, String purpose, String text) {
        return text == null ? null : seal(conversationKey(conversationId), purpose, text);
    }

    /**
     * The text {@code value} seals at {@code purpose}: {@link Sealed#ERASED} if its key was destroyed,
     * {@link Sealed#UNREADABLE} if it was not sealed there; plain text (and null) as it is.
     */
    public String open(String value, String purpose) {
        return open(value, purpose, null);
    }

    /**
     * {@link #open} of the content of a message, remembering the key it is sealed under: its redaction destroys
     * it, and its copies are sealed under it.
     */
    public String openForMessage(String conversationId, String messageId, String value, String purpose) {
        return open(value, purpose, message(conversationId, messageId));
    }

    private String open(String value, String purpose, MessageKeys message) {
        Optional<Sealed> sealed = Sealed.parse(value);
        if (sealed.isEmpty()) {
            return value;
        }
        if (sealed.get().empty()) {
            if (message != null) {
                message.saw(sealed.get().keyId());
            }
            return Sealed.ERASED;
        }
        Optional<byte[]> key = key(sealed.get().keyId());
        if (key == null) {
            // No such key was ever made: text written before sealing that merely looks sealed.
            return value;
        }
        if (message != null) {
            message.saw(sealed.get().keyId());
        }
        if (key.isEmpty()) {
            return Sealed.ERASED;
        }
        try {
            return new String(Aead.open(key.get(), sealed.get().keyId() + "|" + purpose, sealed.get().box()),
                    StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            return Sealed.UNREADABLE;
        }
    }

    /** Destroys the visitor's key; false if it was already destroyed or never made. */
    public boolean eraseSubject(String visitorId) {
        return destroy(subjectKeyId(visitorId));
    }

    /**
     * Destroys every key the message's content was sealed under, as the conversation's events read again name them
     * and as this process remembers (its read-model copies' too), and the key its id names, so none is made for it
     * later; false if none was there alive. Keys wrapped by the master key (a visitor's, a conversation's own) are
     * never a message's, whatever a value names.
     */
    public boolean destroyMessageKey(String conversationId, String messageId) {
        readConversation.accept(conversationId);
        boolean destroyed = false;
        for (String keyId : message(conversationId, messageId).ids()) {
            Optional<KeyStore.StoredKey> stored = store.find(keyId);
            if (stored.isPresent() && stored.get().parentId() != null) {
                destroyed |= destroy(keyId);
            }
        }
        return destroy(messageKeyId(conversationId, messageId)) || destroyed;
    }

    /** Whether anything was ever sealed for the visitor (their key exists, or existed and was destroyed). */
    public boolean knowsSubject(String visitorId) {
        return store.find(subjectKeyId(visitorId)).isPresent();
    }

    /** Whether the visitor's key was destroyed: what was sealed for them reads erased, and nothing new is kept. */
    public boolean subjectErased(String visitorId) {
        return store.find(subjectKeyId(visitorId)).map(KeyStore.StoredKey::isDestroyed).orElse(false);
    }

    private boolean destroy(String keyId) {
        boolean destroyed = store.destroy(keyId);
        // Keys under a destroyed one are cached unwrapped too: forget them all, it is rare.
        keys.clear();
        return destroyed;
    }

    private MessageKeys message(String conversationId, String messageId) {
        return messages.computeIfAbsent(conversationId + "\n" + messageId, id -> new MessageKeys());
    }

    /**
     * A message key made ahead under {@code parentId}, a batch of them made (durable before any is handed out) when
     * none is left; null if the parent is destroyed. Two threads finding none at once each make a batch.
     */
    private String takeMadeAhead(String parentId) {
        Batches batches = made.computeIfAbsent(parentId, id -> new Batches());
        String ready = batches.ready.poll();
        if (ready != null) {
            return ready;
        }
        Optional<byte[]> parent = key(parentId);
        if (parent == null || parent.isEmpty()) {
            return null;
        }
        int size = batches.size.updateAndGet(last -> Math.min(last * 2, MAX_BATCH));
        Map<String, KeyStore.StoredKey> batch = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            byte[] id = new byte[ID_BYTES];
            random.nextBytes(id);
            byte[] fresh = new byte[Aead.KEY_BYTES];
            random.nextBytes(fresh);
            String keyId = ID.encodeToString(id);
            batch.put(keyId, new KeyStore.StoredKey(parentId, Aead.seal(parent.get(), wrapping(keyId), fresh)));
        }
        Map<String, KeyStore.StoredKey> kept = store.putAllIfAbsent(batch);
        kept.forEach((keyId, key) -> keys.put(keyId, unwrap(keyId, key)));
        List<String> ids = List.copyOf(kept.keySet());
        batches.ready.addAll(ids.subList(1, ids.size()));
        return ids.get(0);
    }

    /** The unwrapped key: empty if destroyed or under a destroyed key, null if never made. */
    private Optional<byte[]> key(String keyId) {
        long now = store.destructions();
        if (now != destructions) {
            keys.clear();
            destructions = now;
        }
        Optional<byte[]> cached = keys.get(keyId);
        if (cached != null) {
            return cached;
        }
        Optional<KeyStore.StoredKey> stored = store.find(keyId);
        if (stored.isEmpty()) {
            return null;
        }
        Optional<byte[]> key = unwrap(keyId, stored.get());
        keys.put(keyId, key);
        return key;
    }

    /**
     * The key, made under {@code parentId} (null: the master key) if it does not exist yet. Not serialized: two
     * callers making one key at once each offer one, the store keeps the first, and both use the one kept.
     */
    private Optional<byte[]> ensure(String keyId, String parentId) {
        Optional<byte[]> existing = key(keyId);
        if (existing != null) {
            return existing;
        }
        byte[] fresh = new byte[Aead.KEY_BYTES];
        random.nextBytes(fresh);
        byte[] wrapped;
        if (parentId == null) {
            wrapped = master.wrap(keyId, fresh);
        } else {
            Optional<byte[]> parent = key(parentId);
            if (parent == null || parent.isEmpty()) {
                // Nothing new is sealed for an erased subject: the key is not made, its content not kept.
                return Optional.empty();
            }
            wrapped = Aead.seal(parent.get(), wrapping(keyId), fresh);
        }
        Optional<byte[]> key = unwrap(keyId, store.putIfAbsent(keyId, new KeyStore.StoredKey(parentId, wrapped)));
        keys.put(keyId, key);
        return key;
    }

    private Optional<byte[]> unwrap(String keyId, KeyStore.StoredKey stored) {
        if (stored.isDestroyed()) {
            return Optional.empty();
        }
        try {
            if (stored.parentId() == null) {
                return Optional.of(master.unwrap(keyId, stored.wrapped()));
            }
            Optional<byte[]> parent = key(stored.parentId());
            return parent == null || parent.isEmpty() ? Optional.empty()
                    : Optional.of(Aead.open(parent.get(), wrapping(keyId), stored.wrapped()));
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("the data key " + keyId + " does not unwrap: the key store was made under "
                    + "another master key (livechat.privacy.master-key), or changed", e);
        }
    }

    /**
     * The keys one message's content is sealed under, as far as this process saw (mostly one); the first seals what
     * follows.
     */
    private static final class MessageKeys {

        private final List<String> ids = new ArrayList<>(1);

        synchronized String sealing() {
            return ids.isEmpty() ? null : ids.get(0);
        }

        /** The key to seal under: {@code offered} unless one is known already. */
        synchronized String sealWith(String offered) {
            if (ids.isEmpty()) {
                ids.add(offered);
            }
            return ids.get(0);
        }

        synchronized void saw(String keyId) {
            if (!ids.contains(keyId)) {
                ids.add(keyId);
            }
        }

        synchronized List<String> ids() {
            return List.copyOf(ids);
        }
    }

    /** Message keys made ahead under one parent, and the size of the last batch made. */
    private static final class Batches {

        final ConcurrentLinkedQueue<String> ready = new ConcurrentLinkedQueue<>();
        final AtomicInteger size = new AtomicInteger(1);
    }

    private static <K, V> Map<K, V> lru(int size) {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > size;
            }
        });
    }
}
