package livechat.events.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The write-time chain: every event of an aggregate carries, in its metadata, the link of the event before it
 * ({@link #PREVIOUS}) and its own ({@link #LINK}), fixed on the command path before the event is stored.
 * <p>
 * {@code link(n) = SHA-256("livechat-link-v1" || 0x00 || link(n-1) || canonical(n))}, with {@code link(-1)} = 32
 * zero bytes ({@link HashChain#GENESIS}) and {@code canonical(n)} the concatenation of, in this order:
 * <ol>
 *     <li>the event id, the aggregate id: each as a 4-byte big-endian length and its UTF-8 bytes;</li>
 *     <li>the sequence number: 8 bytes big-endian;</li>
 *     <li>the payload type as stored (the event class's name): length and UTF-8 bytes;</li>
 *     <li>the timestamp: milliseconds since 1970-01-01T00:00:00Z, 8 bytes big-endian two's complement (the embedded
 *     store keeps milliseconds);</li>
 *     <li>the actor ({@code role:id}, empty when the event has none): length and UTF-8 bytes;</li>
 *     <li>the payload exactly as stored: 4-byte length and the bytes.</li>
 * </ol>
 * Hashes are written as lowercase hex. Other metadata (trace and correlation ids, the token's subject and issuer)
 * is not covered. Because the payload enters as stored bytes, a link holds whatever those bytes encode: encrypted
 * content whose key is later destroyed still verifies.
 */
public record AuditLink(String eventId, String aggregateId, long sequence, String payloadType, Instant timestamp,
                        String actor, byte[] payload) {

    /** Metadata key of the link of the event before this one. */
    public static final String PREVIOUS = "auditPrevious";
    /** Metadata key of this event's own link. */
    public static final String LINK = "auditLink";
    private static final byte[] DOMAIN = "livechat-link-v1\0".getBytes(StandardCharsets.US_ASCII);

    /** The canonical bytes this event contributes to its link. */
    public byte[] canonical() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 256);
        text(out, eventId);
        text(out, aggregateId);
        out.writeBytes(ByteBuffer.allocate(8).putLong(sequence).array());
        text(out, payloadType);
        out.writeBytes(ByteBuffer.allocate(8).putLong(timestamp.toEpochMilli()).array());
        text(out, actor == null ? "" : actor);
        bytes(out, payload);
        return out.toByteArray();
    }

    /** This event's link, following {@code previous} (hex). */
    public String after(String previous) {
        MessageDigest sha256 = HashChain.sha256();
        sha256.update(DOMAIN);
        sha256.update(HexFormat.of().parseHex(previous));
        sha256.update(canonical());
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void text(ByteArrayOutputStream out, String value) {
        bytes(out, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
        out.writeBytes(value);
    }
}
