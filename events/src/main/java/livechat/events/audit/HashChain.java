package livechat.events.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hashing the audit shares: SHA-256, written as lowercase hex, and the link before a stream's first event. The
 * chain itself is {@link AuditLink}'s; checkpoints over the chains' heads are {@link MerkleTree}s.
 */
public final class HashChain {

    /** {@code link(-1)}, the link before a stream's first event: 32 zero bytes. */
    public static final String GENESIS = HexFormat.of().formatHex(new byte[32]);

    private HashChain() {
    }

    /** The SHA-256 of a payload, as an audit record shows it beside the payload. */
    public static String digest(byte[] payload) {
        return HexFormat.of().formatHex(sha256().digest(payload));
    }

    public static String digest(String payload) {
        return digest(payload.getBytes(StandardCharsets.UTF_8));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
