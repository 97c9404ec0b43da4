package livechat.events.privacy;

import javax.crypto.AEADBadTagException;
import java.util.Base64;

/** The master key from configuration (32 bytes, base64), wrapping subjects' keys with AES-256-GCM. */
public final class MasterKey implements KeyWrapping {

    private final byte[] key;

    public MasterKey(byte[] key) {
        if (key.length != Aead.KEY_BYTES) {
            throw new IllegalArgumentException("the master key is " + Aead.KEY_BYTES + " bytes (base64 of 32 bytes), "
                    + "not " + key.length);
        }
        this.key = key.clone();
    }

    /** Base64 of 32 bytes; throws {@link IllegalArgumentException} naming what is wrong. */
    public static MasterKey parse(String base64) {
        try {
            return new MasterKey(Base64.getDecoder().decode(base64.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("livechat.privacy.master-key: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] wrap(String keyId, byte[] dataKey) {
        return Aead.seal(key, DataKeys.wrapping(keyId), dataKey);
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrapped) throws AEADBadTagException {
        return Aead.open(key, DataKeys.wrapping(keyId), wrapped);
    }
}
