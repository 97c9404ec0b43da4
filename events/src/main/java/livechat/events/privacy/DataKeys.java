package livechat.events.privacy;

import javax.crypto.AEADBadTagException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The data keys personal content is sealed under, in a hierarchy where each act of forgetting is one destruction:
 * a subject key per visitor, wrapped by the master key; a message key per message, wrapped by its visitor's key.
 * Erasing a visitor destroys their key, which leaves every message key under it unwrappable; redacting a message
 * destroys its key. A conversation's other personal content is sealed under its visitor's key, found through the
 * binding recorded when its start was sealed.
 * <p>
 * Keys are made on first use and kept in a {@link KeyStore}; unwrapped keys are cached in memory, and the whole
 * cache is forgotten whenever a key is destroyed, here or by another process sharing the store (another node, the
 * tool), as the store's count of destructions tells at every use. Content sealed under a destroyed key reads as {@link Sealed#ERASED};
 * content sealed for a key that is already destroyed keeps nothing of its text.
 */
public final class DataKeys {

    private static final int CACHED_KEYS = 100_000;
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

    /** The message's key id, the key made now (under its visitor's key) if it does not exist yet. */
    public String messageKey(String conversationId, String messageId) {
        String id = messageKeyId(conversationId, messageId);
        if (keys.get(id) == null) {
            ensure(id, conversationKey(conversationId));
        }
        return id;
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

    /** Sealed under the message's key, made if need be. */
    public String sealForMessage(String conversationId, String messageId, String purpose, String text) {
        return text == null ? null : seal(messageKey(conversationId, messageId), purpose, text);
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
        Optional<Sealed> sealed = Sealed.parse(value);
        if (sealed.isEmpty()) {
            return value;
        }
        if (sealed.get().empty()) {
            return Sealed.ERASED;
        }
        Optional<byte[]> key = key(sealed.get().keyId());
        if (key == null) {
            // No such key was ever made: text written before sealing that merely looks sealed.
            return value;
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

    /** Destroys the message's key; false if it was already destroyed or never made. */
    public boolean destroyMessageKey(String conversationId, String messageId) {
        return destroy(messageKeyId(conversationId, messageId));
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

    private static <K, V> Map<K, V> lru(int size) {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > size;
            }
        });
    }
}
