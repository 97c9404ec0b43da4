package livechat.events.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The Merkle tree of a checkpoint, hashed as in RFC 6962: a leaf is {@code SHA-256(0x00 || data)}, an inner node
 * {@code SHA-256(0x01 || left || right)}, the root of no leaves {@code SHA-256("")}. Leaves are paired level by
 * level, and a level's odd last node moves up unchanged, which gives RFC 6962's tree shape. A leaf's data is its
 * stream's id (4-byte big-endian length and UTF-8 bytes), the sequence of its head (8 bytes big-endian) and the head
 * (32 bytes); leaves are ordered by id.
 */
public final class MerkleTree {

    /** One stream's anchored head. */
    public record Leaf(String id, long sequence, String head) {

        byte[] hash() {
            byte[] id = this.id.getBytes(StandardCharsets.UTF_8);
            MessageDigest sha256 = HashChain.sha256();
            sha256.update((byte) 0);
            sha256.update(ByteBuffer.allocate(4).putInt(id.length).array());
            sha256.update(id);
            sha256.update(ByteBuffer.allocate(8).putLong(sequence).array());
            sha256.update(HexFormat.of().parseHex(head));
            return sha256.digest();
        }
    }

    /** One step from a leaf towards the root: the sibling's hash and on which side it stands. */
    public record Step(String side, String hash) {
        public static final String LEFT = "left";
        public static final String RIGHT = "right";
    }

    /** Proof that {@code leaf} is the leaf at {@code index} of a tree of {@code size} leaves. */
    public record InclusionProof(Leaf leaf, int index, int size, List<Step> path) {

        /** The root this proof leads to. */
        public String root() {
            byte[] hash = leaf.hash();
            for (Step step : path) {
                byte[] sibling = HexFormat.of().parseHex(step.hash());
                hash = Step.LEFT.equals(step.side()) ? node(sibling, hash) : node(hash, sibling);
            }
            return HexFormat.of().formatHex(hash);
        }
    }

    private final List<Leaf> leaves;
    /** levels.get(0) are the leaf hashes; the last level holds the root alone. */
    private final List<byte[][]> levels = new ArrayList<>();

    /** {@code leaves} in id order. */
    public MerkleTree(List<Leaf> leaves) {
        this.leaves = List.copyOf(leaves);
        byte[][] level = new byte[leaves.size()][];
        for (int i = 0; i < level.length; i++) {
            level[i] = leaves.get(i).hash();
        }
        levels.add(level);
        while (level.length > 1) {
            byte[][] up = new byte[(level.length + 1) / 2][];
            for (int i = 0; i < up.length; i++) {
                up[i] = 2 * i + 1 < level.length ? node(level[2 * i], level[2 * i + 1]) : level[2 * i];
            }
            levels.add(up);
            level = up;
        }
    }

    public String root() {
        byte[][] top = levels.get(levels.size() - 1);
        return HexFormat.of().formatHex(top.length == 0 ? HashChain.sha256().digest() : top[0]);
    }

    public int size() {
        return leaves.size();
    }

    /** The proof for the leaf at {@code index}. */
    public InclusionProof proof(int index) {
        List<Step> path = new ArrayList<>();
        int at = index;
        for (int l = 0; l < levels.size() - 1; l++) {
            byte[][] level = levels.get(l);
            int sibling = at ^ 1;
            if (sibling < level.length) {
                path.add(new Step(sibling < at ? Step.LEFT : Step.RIGHT, HexFormat.of().formatHex(level[sibling])));
            }
            at /= 2;
        }
        return new InclusionProof(leaves.get(index), index, leaves.size(), path);
    }

    private static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha256 = HashChain.sha256();
        sha256.update((byte) 1);
        sha256.update(left);
        sha256.update(right);
        return sha256.digest();
    }
}
