package livechat.events.audit;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HashChainTest {

    @Test
    void digestsAndLinksAreSha256AsDocumented() {
        // Known answers, computed independently: sha256("abc") and sha256(32 zero bytes || sha256("abc")).
        String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assertThat(HashChain.digest("abc")).isEqualTo(abc);
        assertThat(HashChain.GENESIS).isEqualTo("0".repeat(64));
        assertThat(HashChain.link(HashChain.GENESIS, abc))
                .isEqualTo("589f9ffed4c477966bfb8d41f37895b08c69047df8f911d6f3b57fbe08faee8d");
    }

    private static List<AuditRecord> chain(String... payloads) {
        List<AuditRecord> records = new ArrayList<>();
        String link = HashChain.GENESIS;
        for (int i = 0; i < payloads.length; i++) {
            String digest = HashChain.digest(payloads[i]);
            link = HashChain.link(link, digest);
            records.add(new AuditRecord(100 + i, i, "e-" + i, "MessageSent", "visitor:v-1",
                    "2026-11-24T09:00:00Z", payloads[i], digest, link));
        }
        return records;
    }

    @Test
    void anIntactBundleVerifiesOffline() throws IOException {
        List<AuditRecord> records = chain("{\"a\":1}", "{\"b\":2}", "{\"c\":\"ü\"}");
        byte[] bundle = AuditBundle.toBytes("c-1", records, "2026-11-25T00:00:00Z");

        AuditBundle.Verification verification = AuditBundle.verify(new ByteArrayInputStream(bundle));
        assertThat(verification.ok()).isTrue();
        assertThat(verification.events()).isEqualTo(3);
        assertThat(verification.finalChainHash()).isEqualTo(records.get(2).chainHash());
    }

    @Test
    void aChangedPayloadIsFoundAtItsPosition() throws IOException {
        List<AuditRecord> records = new ArrayList<>(chain("{\"a\":1}", "{\"b\":2}", "{\"c\":3}"));
        AuditRecord second = records.get(1);
        records.set(1, new AuditRecord(second.position(), second.sequence(), second.eventId(), second.type(),
                second.actor(), second.timestamp(), "{\"b\":20}", second.digest(), second.chainHash()));

        AuditBundle.Verification verification = AuditBundle.verify(new ByteArrayInputStream(
                AuditBundle.toBytes("c-1", records, "now")));
        assertThat(verification.ok()).isFalse();
        assertThat(verification.firstMismatch()).isEqualTo(101L);
        assertThat(verification.sequence()).isEqualTo(1L);
    }

    @Test
    void aRecomputedButDroppedEventBreaksTheChain() throws IOException {
        List<AuditRecord> records = chain("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
        List<AuditRecord> withoutFirst = chain("{\"b\":2}", "{\"c\":3}");
        // Resequenced to look complete, the chain no longer reaches the manifest's final hash of the original.
        AuditBundle.Manifest manifest = new AuditBundle.Manifest("c-1", 2, "SHA-256", "", HashChain.GENESIS,
                records.get(2).chainHash(), "now");
        AuditBundle.Verification verification = AuditBundle.verify(withoutFirst, manifest);
        assertThat(verification.ok()).isFalse();
        assertThat(verification.reason()).contains("final chain hash");
    }
}
