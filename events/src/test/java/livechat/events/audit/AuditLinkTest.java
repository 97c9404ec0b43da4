package livechat.events.audit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The canonical encodings are fixed: known answers computed outside this code (Python's hashlib and struct). */
class AuditLinkTest {

    private static final Instant T0 = Instant.ofEpochMilli(1_764_579_600_000L);

    @Test
    void aLinkIsTheDocumentedHashOfItsCanonicalEncoding() {
        AuditLink first = new AuditLink("e-0", "c-1", 0, "livechat.Greeted", T0, "visitor:v-1",
                "{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(first.after(HashChain.GENESIS))
                .isEqualTo("d2aac13de75527eb7692e6e774a7766346238c52ed389d0949f6808d88dd4f14");
        assertThat(HashChain.GENESIS).isEqualTo("0".repeat(64));
        assertThat(HashChain.digest("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void everyCoveredFieldChangesTheLink() {
        byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
        AuditLink event = new AuditLink("e", "c", 1, "T", T0, "agent:a", payload);
        String link = event.after(HashChain.GENESIS);
        List<AuditLink> changed = List.of(
                new AuditLink("f", "c", 1, "T", T0, "agent:a", payload),
                new AuditLink("e", "d", 1, "T", T0, "agent:a", payload),
                new AuditLink("e", "c", 2, "T", T0, "agent:a", payload),
                new AuditLink("e", "c", 1, "U", T0, "agent:a", payload),
                new AuditLink("e", "c", 1, "T", T0.plusMillis(1), "agent:a", payload),
                new AuditLink("e", "c", 1, "T", T0, "agent:b", payload),
                new AuditLink("e", "c", 1, "T", T0, null, payload),
                new AuditLink("e", "c", 1, "T", T0, "agent:a", "{ }".getBytes(StandardCharsets.UTF_8)));
        assertThat(changed).allSatisfy(other -> assertThat(other.after(HashChain.GENESIS)).isNotEqualTo(link));
        assertThat(event.after(link)).as("and so does the previous link").isNotEqualTo(link);
        // Length prefixes: moving a byte from one field to the next is a change too.
        assertThat(new AuditLink("ab", "c", 1, "T", T0, "x", payload).after(HashChain.GENESIS))
                .isNotEqualTo(new AuditLink("a", "bc", 1, "T", T0, "x", payload).after(HashChain.GENESIS));
    }
}
