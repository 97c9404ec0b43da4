package livechat.events.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A signed statement of every stream's chain head at one moment: the {@link MerkleTree} {@code root} over
 * {@code leaves} streams ({@code conversations} of them conversations), numbered from 1 in {@code sequence}, and
 * chained to the checkpoint before it by {@code previous}, the SHA-256 of that checkpoint's signed bytes (genesis
 * for the first). The Ed25519 {@code signature} covers the UTF-8 bytes of
 * <pre>livechat-checkpoint-v1\n{sequence}\n{root}\n{leaves}\n{conversations}\n{createdAt}\n{previous}\n</pre>
 * Keys and signatures are Base64: the public key as X.509 SubjectPublicKeyInfo, the signature as RFC 8032 bytes.
 */
public record Checkpoint(long sequence, String root, String signature, String publicKey, String createdAt,
                         int conversations, int leaves, String previous) {

    public static Checkpoint sign(long sequence, String root, int leaves, int conversations, Instant createdAt,
                                  String previous, PrivateKey key, PublicKey publicKey) {
        Checkpoint unsigned = new Checkpoint(sequence, root, null, Base64.getEncoder().encodeToString(
                publicKey.getEncoded()), createdAt.toString(), conversations, leaves, previous);
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(key);
            ed25519.update(unsigned.signedBytes());
            return new Checkpoint(sequence, root, Base64.getEncoder().encodeToString(ed25519.sign()),
                    unsigned.publicKey, unsigned.createdAt, conversations, leaves, previous);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a checkpoint with Ed25519", e);
        }
    }

    public byte[] signedBytes() {
        return ("livechat-checkpoint-v1\n" + sequence + "\n" + root + "\n" + leaves + "\n" + conversations + "\n"
                + createdAt + "\n" + previous + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** What the next checkpoint's {@code previous} names. */
    public String digest() {
        return HexFormat.of().formatHex(HashChain.sha256().digest(signedBytes()));
    }

    /** True if {@code key} made the signature over these contents. */
    public boolean signedBy(PublicKey key) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(signedBytes());
            return ed25519.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    /** An Ed25519 public key from its Base64 X.509 form. */
    public static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Base64 Ed25519 public key (X.509): " + e.getMessage(), e);
        }
    }
}
