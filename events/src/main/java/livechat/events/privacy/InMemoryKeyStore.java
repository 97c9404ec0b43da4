package livechat.events.privacy;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Keys held in memory only: for tests and for tools that seal nothing they keep. */
public final class InMemoryKeyStore implements KeyStore {

    private final ConcurrentMap<String, StoredKey> keys = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> bindings = new ConcurrentHashMap<>();

    @Override
    public Optional<StoredKey> find(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public StoredKey putIfAbsent(String keyId, StoredKey key) {
        StoredKey earlier = keys.putIfAbsent(keyId, key);
        return earlier == null ? key : earlier;
    }

    @Override
    public boolean destroy(String keyId) {
        StoredKey before = keys.put(keyId, StoredKey.destroyed());
        return before != null && !before.isDestroyed();
    }

    @Override
    public Optional<String> boundTo(String bindingId) {
        return Optional.ofNullable(bindings.get(bindingId));
    }

    @Override
    public void bind(String bindingId, String subjectKeyId) {
        bindings.putIfAbsent(bindingId, subjectKeyId);
    }
}
