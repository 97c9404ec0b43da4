package livechat.events.privacy;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * AES-256-GCM with a synthetic nonce: the nonce is an HMAC-SHA256, under a key derived from the data key, of the
 * associated data and the plaintext. Sealing the same text in the same place under the same key always gives the
 * same bytes, which the audit chain needs (an event is serialized once for its link and once by the engine that
 * stores it); two different texts never share a nonce but by a 96-bit collision.
 * <p>
 * Every rendered message is opened once for each reader, so each thread keeps its own opening cipher and HMAC rather
 * than looking the transformation up for each use. Sealing takes a fresh cipher each time: a GCM cipher refuses to
 * encrypt twice with the key and nonce it last used, which sealing the same text twice does by design.
 */
final class Aead {

    static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] NONCE_LABEL = "livechat-nonce-v1".getBytes(StandardCharsets.US_ASCII);
    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final String MAC = "HmacSHA256";
    private static final ThreadLocal<Cipher> OPENING = ThreadLocal.withInitial(() -> instance(Cipher::getInstance,
            CIPHER));
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> instance(Mac::getInstance, MAC));

    private Aead() {
    }

    static byte[] seal(byte[] key, String associated, byte[] plaintext) {
        byte[] aad = associated.getBytes(StandardCharsets.UTF_8);
        byte[] nonce = Arrays.copyOf(nonce(key, aad, plaintext), NONCE_BYTES);
        try {
            Cipher cipher = instance(Cipher::getInstance, CIPHER);
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an AES key of " + KEY_BYTES + " bytes and a fresh nonce", e);
        }
    }

    /** The plaintext; throws {@link AEADBadTagException} if {@code box} was not sealed there under this key. */
    static byte[] open(byte[] key, String associated, byte[] box) throws AEADBadTagException {
        if (box.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new AEADBadTagException("too short to be sealed");
        }
        try {
            // init resets the cipher, whatever its last use left in it, a refused box included.
            Cipher cipher = OPENING.get();
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, box, 0, NONCE_BYTES));
            cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(box, NONCE_BYTES, box.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an AES key of " + KEY_BYTES + " bytes", e);
        }
    }

    private static byte[] nonce(byte[] key, byte[] aad, byte[] plaintext) {
        try {
            Mac mac = HMAC.get();
            mac.init(new SecretKeySpec(key, MAC));
            byte[] nonceKey = mac.doFinal(NONCE_LABEL);
            mac.init(new SecretKeySpec(nonceKey, MAC));
            mac.update(ByteBuffer.allocate(4).putInt(aad.length).array());
            mac.update(aad);
            return mac.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("any key suits HmacSHA256", e);
        }
    }

    private interface Lookup<T> {
        T of(String transformation) throws GeneralSecurityException;
    }

    private static <T> T instance(Lookup<T> lookup, String transformation) {
        try {
            return lookup.of(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + transformation, e);
        }
    }
}
