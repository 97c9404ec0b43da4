package livechat.eventstore.keys;

import livechat.events.privacy.KeyStore;
import livechat.events.privacy.KeyWrapping;
import livechat.events.privacy.MasterKey;

import javax.crypto.AEADBadTagException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An external key service as a KMS offers it, in-process: it holds the master key, which never leaves it, wraps
 * and unwraps subjects' keys on request, and keeps the wrapped keys. Only copies of bytes cross its boundary, as
 * over a network, and it counts the requests it answers, so tests see what the caller's cache saves.
 */
public final class KeyServiceDouble implements KeyWrapping, KeyStore {

    private final MasterKey master;
    private final ConcurrentMap<String, StoredKey> keys = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> bindings = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    public KeyServiceDouble() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        master = new MasterKey(key);
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public byte[] wrap(String keyId, byte[] key) {
        requests.incrementAndGet();
        return master.wrap(keyId, key.clone());
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrapped) throws AEADBadTagException {
        requests.incrementAndGet();
        return master.unwrap(keyId, wrapped.clone());
    }

    @Override
    public Optional<StoredKey> find(String keyId) {
        requests.incrementAndGet();
        return Optional.ofNullable(keys.get(keyId)).map(KeyServiceDouble::copy);
    }

    @Override
    public StoredKey putIfAbsent(String keyId, StoredKey key) {
        requests.incrementAndGet();
        StoredKey earlier = keys.putIfAbsent(keyId, copy(key));
        return copy(earlier == null ? key : earlier);
    }

    @Override
    public boolean destroy(String keyId) {
        requests.incrementAndGet();
        StoredKey before = keys.put(keyId, StoredKey.destroyed());
        return before != null && !before.isDestroyed();
    }

    @Override
    public Optional<String> boundTo(String bindingId) {
        requests.incrementAndGet();
        return Optional.ofNullable(bindings.get(bindingId));
    }

    @Override
    public void bind(String bindingId, String subjectKeyId) {
        requests.incrementAndGet();
        bindings.putIfAbsent(bindingId, subjectKeyId);
    }

    private static StoredKey copy(StoredKey key) {
        return key.isDestroyed() ? key : new StoredKey(key.parentId(), key.wrapped().clone());
    }
}
