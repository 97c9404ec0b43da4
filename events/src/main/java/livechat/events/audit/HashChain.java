package livechat.events.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The tamper-evidence chain over one conversation's events. {@code digest(n)} is the SHA-256 of event n's payload
 * bytes as stored in the event store; {@code H(n) = SHA-256(H(n-1) || digest(n))}, starting from
 * {@code H(-1)} = 32 zero bytes. Changing, removing or reordering any stored payload changes every later link, so
 * recomputing the chain from the store and comparing it with the one recorded when the events were first seen
 * finds the first event that differs. Hashes are written as lowercase hex.
 */
public final class HashChain {

    /** {@code H(-1)}, the link before a conversation's first event. */
    public static final String GENESIS = HexFormat.of().formatHex(new byte[32]);

    private HashChain() {
    }

    public static String digest(byte[] payload) {
        return HexFormat.of().formatHex(sha256().digest(payload));
    }

    public static String digest(String payload) {
        return digest(payload.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code H(n)} from {@code H(n-1)} and {@code digest(n)}, both hex. */
    public static String link(String previous, String digest) {
        MessageDigest sha256 = sha256();
        sha256.update(HexFormat.of().parseHex(previous));
        sha256.update(HexFormat.of().parseHex(digest));
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
