package livechat.events.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import livechat.events.serialization.EventSerialization;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A conversation's audit as a self-contained file: a zip of {@code events.ndjson} (one {@link AuditRecord} per
 * line, in sequence order, read from the event store), {@code access.ndjson} (who read the conversation, one
 * {@link AccessRecord} per line) and {@code manifest.json} ({@link Manifest}: the final link, and when the
 * conversation was anchored, the signed {@link Checkpoint} and the conversation's inclusion proof in it). Anyone
 * holding the bundle and the checkpoint signer's public key checks it offline with {@link #verify}: every link
 * against its event and the one before, the final link against the manifest, the anchored head against the proof,
 * the proof against the checkpoint's root and the root against its signature.
 */
public final class AuditBundle {

    public static final String EVENTS = "events.ndjson";
    public static final String ACCESS = "access.ndjson";
    public static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = EventSerialization.objectMapper();

    private AuditBundle() {
    }

    public record Manifest(String conversationId, int events, String algorithm, String chain, String genesis,
                           String finalChainHash, String exportedAt, Checkpoint checkpoint,
                           MerkleTree.InclusionProof inclusionProof) {
    }

    /**
     * What an offline check found: {@code ok}, or the first record ({@code firstMismatch} = its global position,
     * {@code sequence}) that does not hold and why. {@code anchoredBy} is the checkpoint that vouches for the
     * events up to {@code anchoredSequence}, null if the bundle carries none.
     */
    public record Verification(boolean ok, int events, String finalChainHash, Long firstMismatch, Long sequence,
                               String reason, Long anchoredBy, Long anchoredSequence) {

        static Verification mismatch(AuditRecord record, String reason) {
            return new Verification(false, 0, null, record.position(), record.sequence(), reason, null, null);
        }

        static Verification failed(int events, String reason) {
            return new Verification(false, events, null, null, null, reason, null, null);
        }
    }

    public static void write(OutputStream out, Manifest manifest, List<AuditRecord> records,
                             List<AccessRecord> access) {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(EVENTS));
            for (AuditRecord record : records) {
                zip.write(JSON.writeValueAsBytes(record));
                zip.write('\n');
            }
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(ACCESS));
            for (AccessRecord record : access) {
                zip.write(JSON.writeValueAsBytes(record));
                zip.write('\n');
            }
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit bundle", e);
        }
    }

    /** The manifest for {@code records}, anchored by {@code checkpoint} through {@code proof} when both are given. */
    public static Manifest manifest(String conversationId, List<AuditRecord> records, String exportedAt,
                                    Checkpoint checkpoint, MerkleTree.InclusionProof proof) {
        String last = records.isEmpty() ? HashChain.GENESIS : records.get(records.size() - 1).chainHash();
        return new Manifest(conversationId, records.size(), "SHA-256", "link(n) = SHA-256(\"livechat-link-v1\\0\" || "
                + "link(n-1) || canonical(n)), link(-1) = 32 zero bytes; canonical(n) as in docs/read-models.md",
                HashChain.GENESIS, last, exportedAt, checkpoint, proof);
    }

    /** The bundle as bytes, for answering it in one piece. */
    public static byte[] toBytes(Manifest manifest, List<AuditRecord> records, List<AccessRecord> access) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(bytes, manifest, records, access);
        return bytes.toByteArray();
    }

    /**
     * Checks a bundle. {@code key} is the checkpoint signer's public key; when null, the checkpoint is checked
     * against the key it names, which proves only that the bundle is consistent with itself.
     */
    public static Verification verify(InputStream bundle, PublicKey key) throws IOException {
        List<AuditRecord> records = new ArrayList<>();
        Manifest manifest = null;
        try (ZipInputStream zip = new ZipInputStream(bundle)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String content = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                if (entry.getName().equals(EVENTS)) {
                    for (String line : content.split("\n")) {
                        if (!line.isBlank()) {
                            records.add(JSON.readValue(line, AuditRecord.class));
                        }
                    }
                } else if (entry.getName().equals(MANIFEST)) {
                    manifest = JSON.readValue(content, Manifest.class);
                }
            }
        } catch (JsonProcessingException e) {
            throw new IOException("the bundle's contents are not audit records: " + e.getOriginalMessage(), e);
        }
        if (manifest == null) {
            throw new IOException("the bundle has no " + MANIFEST);
        }
        return verify(records, manifest, key);
    }

    static Verification verify(List<AuditRecord> records, Manifest manifest, PublicKey key) {
        String chain = HashChain.GENESIS;
        List<String> links = new ArrayList<>();
        for (AuditRecord record : records) {
            if (record.sequence() != links.size()) {
                return Verification.mismatch(record, "sequence gap: expected " + links.size());
            }
            if (!HashChain.digest(record.payload()).equals(record.digest())) {
                return Verification.mismatch(record, "the payload does not match its digest");
            }
            if (record.previousLink() != null && !record.previousLink().equals(chain)) {
                return Verification.mismatch(record, "its previous link is not the link of the record before it");
            }
            chain = record.content(manifest.conversationId()).after(chain);
            if (!chain.equals(record.chainHash())) {
                return Verification.mismatch(record, "its link does not follow from its content and the previous "
                        + "link");
            }
            links.add(chain);
        }
        if (records.size() != manifest.events() || !chain.equals(manifest.finalChainHash())) {
            return Verification.failed(records.size(), "the events do not end in the manifest's final chain hash");
        }
        Checkpoint checkpoint = manifest.checkpoint();
        MerkleTree.InclusionProof proof = manifest.inclusionProof();
        if (checkpoint == null && proof == null) {
            return new Verification(true, records.size(), chain, null, null, null, null, null);
        }
        if (checkpoint == null || proof == null) {
            return Verification.failed(records.size(), "the manifest has a checkpoint without its inclusion proof, "
                    + "or a proof without its checkpoint");
        }
        MerkleTree.Leaf leaf = proof.leaf();
        if (!manifest.conversationId().equals(leaf.id())) {
            return Verification.failed(records.size(), "the inclusion proof is for another stream: " + leaf.id());
        }
        if (leaf.sequence() >= links.size() || !links.get((int) leaf.sequence()).equals(leaf.head())) {
            return Verification.failed(records.size(), "the events do not lead to the head checkpoint "
                    + checkpoint.sequence() + " anchored at sequence " + leaf.sequence());
        }
        if (!proof.root().equals(checkpoint.root())) {
            return Verification.failed(records.size(), "the inclusion proof does not lead to checkpoint "
                    + checkpoint.sequence() + "'s root");
        }
        if (!checkpoint.signedBy(key != null ? key : Checkpoint.publicKey(checkpoint.publicKey()))) {
            return Verification.failed(records.size(), "checkpoint " + checkpoint.sequence() + " is not signed by "
                    + (key != null ? "the given key" : "the key it names"));
        }
        return new Verification(true, records.size(), chain, null, null, null, checkpoint.sequence(),
                leaf.sequence());
    }
}
