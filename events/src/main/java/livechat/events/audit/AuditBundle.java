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
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A conversation's audit as a self-contained file: a zip of {@code events.ndjson} (one {@link AuditRecord} per
 * line, in sequence order) and {@code manifest.json} ({@link Manifest}, with the final chain hash). Anyone holding
 * the bundle can check it offline with {@link #verify(InputStream)}: every digest against its payload, every link
 * against the one before, and the last link against the manifest.
 */
public final class AuditBundle {

    public static final String EVENTS = "events.ndjson";
    public static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = EventSerialization.objectMapper();

    private AuditBundle() {
    }

    public record Manifest(String conversationId, int events, String algorithm, String chain, String genesis,
                           String finalChainHash, String exportedAt) {
    }

    /**
     * What an offline check found: {@code ok}, or the first record ({@code firstMismatch} = its global position,
     * {@code sequence}) that does not hold and why.
     */
    public record Verification(boolean ok, int events, String finalChainHash, Long firstMismatch, Long sequence,
                               String reason) {

        public static Verification ok(int events, String finalChainHash) {
            return new Verification(true, events, finalChainHash, null, null, null);
        }

        public static Verification mismatch(AuditRecord record, String reason) {
            return new Verification(false, 0, null, record.position(), record.sequence(), reason);
        }
    }

    public static void write(OutputStream out, String conversationId, List<AuditRecord> records, String exportedAt) {
        String last = records.isEmpty() ? HashChain.GENESIS : records.get(records.size() - 1).chainHash();
        Manifest manifest = new Manifest(conversationId, records.size(), "SHA-256",
                "H(n) = SHA-256(H(n-1) || SHA-256(payload(n))), H(-1) = 32 zero bytes", HashChain.GENESIS, last,
                exportedAt);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(EVENTS));
            for (AuditRecord record : records) {
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

    public static Verification verify(InputStream bundle) throws IOException {
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
        return verify(records, manifest);
    }

    static Verification verify(List<AuditRecord> records, Manifest manifest) {
        String chain = HashChain.GENESIS;
        long expectedSequence = 0;
        for (AuditRecord record : records) {
            if (record.sequence() != expectedSequence++) {
                return Verification.mismatch(record, "sequence gap: expected " + (expectedSequence - 1));
            }
            String digest = HashChain.digest(record.payload());
            if (!digest.equals(record.digest())) {
                return Verification.mismatch(record, "the payload does not match its digest");
            }
            chain = HashChain.link(chain, digest);
            if (!chain.equals(record.chainHash())) {
                return Verification.mismatch(record, "the chain hash does not follow from the previous one");
            }
        }
        if (records.size() != manifest.events() || !chain.equals(manifest.finalChainHash())) {
            return new Verification(false, records.size(), chain, null, null,
                    "the events do not end in the manifest's final chain hash");
        }
        return Verification.ok(records.size(), chain);
    }

    /** The bundle as bytes, for answering it in one piece. */
    public static byte[] toBytes(String conversationId, List<AuditRecord> records, String exportedAt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(bytes, conversationId, records, exportedAt);
        return bytes.toByteArray();
    }
}
