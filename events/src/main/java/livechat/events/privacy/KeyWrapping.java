package livechat.events.privacy;

import javax.crypto.AEADBadTagException;

/**
 * The root of the key hierarchy: wraps and unwraps subjects' keys under the master key, which never leaves it. The
 * local one is {@link MasterKey}; an external key service (a KMS) does the same remotely.
 */
public interface KeyWrapping {

    byte[] wrap(String keyId, byte[] key);

    /** Throws {@link AEADBadTagException} if {@code wrapped} was not wrapped for {@code keyId} by this master key. */
    byte[] unwrap(String keyId, byte[] wrapped) throws AEADBadTagException;
}
