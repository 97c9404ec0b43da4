package livechat.events.audit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A bundle checked offline with only the signer's public key, and each way of changing it that must fail. */
class AuditBundleTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private final CheckpointKey key = CheckpointKey.generate();
    private List<AuditRecord> records;
    private Checkpoint checkpoint;
    private MerkleTree tree;

    @BeforeEach
    void conversationAnchoredAmongOthers() {
        records = new ArrayList<>();
        String previous = HashChain.GENESIS;
        String[] payloads = {"{\"a\":1}", "{\"b\":\"100 EUR\"}", "{\"c\":\"ü\"}"};
        for (int i = 0; i < payloads.length; i++) {
            AuditRecord record = AuditRecord.of(new StoredEvent(100 + i, "c-1", i, "e-" + i,
                    "livechat.events.conversation.ConversationEvent$MessageSent",
                    payloads[i].getBytes(StandardCharsets.UTF_8), T0.plusSeconds(i).toString(), "visitor:v-1",
                    null, null), previous);
            records.add(record);
            previous = record.chainHash();
        }
        tree = new MerkleTree(List.of(new MerkleTree.Leaf("c-0", 4, "ab".repeat(32)),
                new MerkleTree.Leaf("c-1", 2, previous), new MerkleTree.Leaf("c-2", 9, "cd".repeat(32))));
        checkpoint = Checkpoint.sign(7, tree.root(), 3, 3, T0.plusSeconds(60), HashChain.GENESIS, key.privateKey(),
                key.publicKey());
    }

    private AuditBundle.Verification check(List<AuditRecord> records, Checkpoint checkpoint,
                                           MerkleTree.InclusionProof proof) throws IOException {
        byte[] bundle = AuditBundle.toBytes(AuditBundle.manifest("c-1", records, "now", checkpoint, proof), records,
                List.of(new AccessRecord("c-1", "auditor:x-1", "audit-export", "case 42", "now")));
        return AuditBundle.verify(new ByteArrayInputStream(bundle), key.publicKey());
    }

    @Test
    void anIntactBundleVerifiesWithThePublicKeyAlone() throws IOException {
        AuditBundle.Verification verification = check(records, checkpoint, tree.proof(1));
        assertThat(verification.ok()).as(verification.reason()).isTrue();
        assertThat(verification.events()).isEqualTo(3);
        assertThat(verification.anchoredBy()).isEqualTo(7);
        assertThat(verification.anchoredSequence()).isEqualTo(2);
        assertThat(records.get(1).type()).isEqualTo("MessageSent");
    }

    @Test
    void aChangedPayloadIsFoundAtItsPosition() throws IOException {
        AuditRecord second = records.get(1);
        records.set(1, new AuditRecord(second.position(), second.sequence(), second.eventId(), second.type(),
                second.payloadType(), second.actor(), second.timestamp(), "{\"b\":\"900 EUR\"}",
                HashChain.digest("{\"b\":\"900 EUR\"}"), second.previousLink(), second.chainHash()));
        AuditBundle.Verification verification = check(records, checkpoint, tree.proof(1));
        assertThat(verification.ok()).isFalse();
        assertThat(verification.firstMismatch()).isEqualTo(101L);
        assertThat(verification.sequence()).isEqualTo(1L);
    }

    @Test
    void aRecomputedRewriteIsCaughtByTheCheckpoint() throws IOException {
        List<AuditRecord> rewritten = new ArrayList<>();
        String previous = HashChain.GENESIS;
        for (AuditRecord record : records) {
            String payload = record.payload().replace("100", "900");
            AuditRecord changed = AuditRecord.of(new StoredEvent(record.position(), "c-1", record.sequence(),
                    record.eventId(), record.payloadType(), payload.getBytes(StandardCharsets.UTF_8),
                    record.timestamp(), record.actor(), null, null), previous);
            rewritten.add(changed);
            previous = changed.chainHash();
        }
        AuditBundle.Verification verification = check(rewritten, checkpoint, tree.proof(1));
        assertThat(verification.ok()).isFalse();
        assertThat(verification.reason()).contains("do not lead to the head checkpoint 7 anchored");
    }

    @Test
    void aChangedProofOrSignatureOrKeyFails() throws IOException {
        MerkleTree.InclusionProof proof = tree.proof(1);
        List<MerkleTree.Step> path = new ArrayList<>(proof.path());
        path.set(0, new MerkleTree.Step(path.get(0).side(), "00".repeat(32)));
        assertThat(check(records, checkpoint, new MerkleTree.InclusionProof(proof.leaf(), 1, 3, path)).reason())
                .contains("does not lead to checkpoint 7's root");

        Checkpoint forged = new Checkpoint(7, checkpoint.root(), checkpoint.signature(), checkpoint.publicKey(),
                checkpoint.createdAt(), 4, 3, checkpoint.previous());
        assertThat(check(records, forged, proof).reason()).contains("not signed by the given key");

        CheckpointKey other = CheckpointKey.generate();
        Checkpoint selfSigned = Checkpoint.sign(7, tree.root(), 3, 3, T0, HashChain.GENESIS, other.privateKey(),
                other.publicKey());
        assertThat(check(records, selfSigned, proof).ok()).as("signed by another key than the given one").isFalse();
    }

    @Test
    void aDroppedEventBreaksTheChain() throws IOException {
        assertThat(check(records.subList(1, 3), checkpoint, tree.proof(1)).reason()).contains("sequence gap");
        assertThat(check(records.subList(0, 2), null, null).ok()).as("unanchored, but whole as far as it goes")
                .isTrue();
    }
}
