package livechat.events.privacy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where data keys are kept, apart from the event log: each wrapped under its parent's key (the master key for a
 * subject's key), or destroyed. A destroyed key leaves a tombstone, so it is told apart from one never made and is
 * never made again; its wrapped bytes are gone from the store. Keys are named by 22-character ids
 * ({@link DataKeys#keyId}); the store also keeps which subject's key a conversation's content is sealed under.
 * Implementations are safe for concurrent use and durable when a method returns.
 */
public interface KeyStore extends AutoCloseable {

    /** A key as stored: {@code wrapped} under the key {@code parentId} names (null: the master key), or destroyed. */
    record StoredKey(String parentId, byte[] wrapped) {

        public static StoredKey destroyed() {
            return new StoredKey(null, null);
        }

        public boolean isDestroyed() {
            return wrapped == null;
        }
    }

    Optional<StoredKey> find(String keyId);

    /** Keeps {@code key} unless {@code keyId} is already there, alive or destroyed; answers what is kept now. */
    StoredKey putIfAbsent(String keyId, StoredKey key);

    /**
     * {@link #putIfAbsent} for each key of {@code keys}, durable together when it returns (a store that can make many
     * keys durable at once does it once); answers what is kept now for each id.
     */
    default Map<String, StoredKey> putAllIfAbsent(Map<String, StoredKey> keys) {
        Map<String, StoredKey> kept = new LinkedHashMap<>();
        keys.forEach((keyId, key) -> kept.put(keyId, putIfAbsent(keyId, key)));
        return kept;
    }

    /** Overwrites the key's wrapped bytes and keeps its tombstone; false if it was not there alive. */
    boolean destroy(String keyId);

    /** The subject key id recorded for {@code bindingId} (a conversation's), if any. */
    Optional<String> boundTo(String bindingId);

    /** Records that {@code bindingId} is sealed under {@code subjectKeyId}; the first binding stays. */
    void bind(String bindingId, String subjectKeyId);

    /**
     * How many keys were destroyed in this store so far, by any process that shares it: when it changes, keys held
     * unwrapped elsewhere may be gone. A store no other process shares may answer a constant.
     */
    default long destructions() {
        return 0;
    }

    @Override
    default void close() {
    }
}
