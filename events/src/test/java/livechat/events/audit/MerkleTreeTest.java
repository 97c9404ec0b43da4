package livechat.events.audit;

import livechat.events.audit.MerkleTree.Leaf;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MerkleTreeTest {

    private static final Leaf A = new Leaf("a", 0, "00".repeat(32));
    private static final Leaf B = new Leaf("b", 1, "11".repeat(32));
    private static final Leaf C = new Leaf("c", 2, "22".repeat(32));

    @Test
    void rootsAreRfc6962HashesOfTheDocumentedLeaves() {
        // Known answers computed outside this code (Python's hashlib and struct).
        assertThat(new MerkleTree(List.of()).root())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(new MerkleTree(List.of(A)).root())
                .isEqualTo("ad5a0bbec77019df9b060d6f3d42f7de50b1fa92e6eee918440abc9b9d2b86fa");
        assertThat(new MerkleTree(List.of(A, B, C)).root())
                .isEqualTo("81d9d0289ec546d188122e23890d0a14463ff3068c5b58963d82124ee5d1da8a");
    }

    @Test
    void everyLeafsProofLeadsToTheRootAndAChangedProofDoesNot() {
        for (int size = 1; size <= 33; size++) {
            List<Leaf> leaves = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                leaves.add(new Leaf("c-" + i, i, String.format("%064x", i)));
            }
            MerkleTree tree = new MerkleTree(leaves);
            for (int i = 0; i < size; i++) {
                MerkleTree.InclusionProof proof = tree.proof(i);
                assertThat(proof.root()).isEqualTo(tree.root());
                assertThat(proof.path().size()).isLessThanOrEqualTo(32 - Integer.numberOfLeadingZeros(size));
                Leaf other = new Leaf(proof.leaf().id(), proof.leaf().sequence() + 1, proof.leaf().head());
                assertThat(new MerkleTree.InclusionProof(other, i, size, proof.path()).root())
                        .isNotEqualTo(tree.root());
            }
        }
    }
}
