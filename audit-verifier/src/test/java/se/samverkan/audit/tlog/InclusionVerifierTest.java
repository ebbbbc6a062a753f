package se.samverkan.audit.tlog;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link InclusionVerifier} reuses the previous walk's hashes, so it must give {@link ProofVerifier#verifyInclusion}'s
 * answer for every proof in every order, honest or not: the two are compared call by call, including right after a
 * proof that shares everything but one byte with the previous one.
 */
class InclusionVerifierTest {

    private static byte[] entry(int i) {
        return ("{\"entry\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static MerkleProofsTest.StoredTree tree(int size) {
        MerkleProofsTest.StoredTree stored = new MerkleProofsTest.StoredTree();
        for (int i = 0; i < size; i++) {
            stored.append(entry(i));
        }
        return stored;
    }

    private static void assertSameAnswer(InclusionVerifier verifier, long index, long treeSize, byte[] leafHash, List<byte[]> path,
                                         byte[] root, String what) {
        boolean expected = ProofVerifier.verifyInclusion(index, treeSize, leafHash, path, root);
        assertThat(verifier.verify(index, leafHash, path)).as("%s: leaf %d of %d", what, index, treeSize).isEqualTo(expected);
    }

    @Test
    void everyLeafInOrderVerifiesWithAboutTwoHashesEach() {
        for (int n = 1; n <= 130; n++) {
            MerkleProofs proofs = new MerkleProofs(tree(n));
            byte[] root = proofs.root(n);
            InclusionVerifier verifier = new InclusionVerifier(n, root);
            for (int m = 0; m < n; m++) {
                assertThat(verifier.verify(m, Rfc6962.leafHash(entry(m)), proofs.inclusion(m, n))).as("leaf %d of %d", m, n).isTrue();
            }
            // each interior node of the tree hashed once, plus the path from the first leaf that is not one of them
            assertThat(verifier.hashes()).as("hashes for %d leaves", n).isLessThanOrEqualTo(2L * n);
        }
    }

    @Test
    void tamperedProofsInterleavedWithHonestOnesGetProofVerifiersAnswerEveryTime() {
        Random random = new Random(9162);
        for (int n : new int[]{1, 2, 3, 5, 8, 13, 37, 64, 65, 100, 257}) {
            MerkleProofs proofs = new MerkleProofs(tree(n));
            byte[] root = proofs.root(n);
            InclusionVerifier verifier = new InclusionVerifier(n, root);
            for (int trial = 0; trial < 40 * n; trial++) {
                // mostly the next leaf (what an export gives), sometimes a jump back or ahead, or one out of range
                int m = random.nextInt(4) == 0 ? random.nextInt(n + 2) - 1 : trial % n;
                int real = Math.max(0, Math.min(n - 1, m));
                byte[] leafHash = Rfc6962.leafHash(entry(real));
                List<byte[]> path = new ArrayList<>(proofs.inclusion(real, n));
                String what = switch (random.nextInt(8)) {
                    case 0 -> {
                        if (!path.isEmpty()) {
                            int at = random.nextInt(path.size());
                            byte[] altered = path.get(at).clone();
                            altered[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
                            path.set(at, altered);
                        }
                        yield "a changed proof element";
                    }
                    case 1 -> {
                        leafHash = Rfc6962.leafHash(entry(real + 1));
                        yield "another leaf";
                    }
                    case 2 -> {
                        if (!path.isEmpty()) {
                            path.remove(random.nextInt(path.size()));
                        }
                        yield "an element dropped";
                    }
                    case 3 -> {
                        path.add(random.nextInt(path.size() + 1), root);
                        yield "an element added";
                    }
                    case 4 -> {
                        m = (real + 1 + random.nextInt(n)) % Math.max(1, n);
                        yield "another index";
                    }
                    case 5 -> {
                        if (path.size() > 1) {
                            int at = random.nextInt(path.size() - 1);
                            path.set(at, path.get(at + 1));
                        }
                        yield "an element repeated";
                    }
                    default -> "honest";
                };
                assertSameAnswer(verifier, m, n, leafHash, path, root, what);
            }
        }
    }

    @Test
    void aProofThatDiffersFromThePreviousOnlyAboveTheirCommonAncestorIsWalkedOnAndFails() {
        int n = 100;
        MerkleProofs proofs = new MerkleProofs(tree(n));
        byte[] root = proofs.root(n);
        InclusionVerifier verifier = new InclusionVerifier(n, root);
        assertThat(verifier.verify(40, Rfc6962.leafHash(entry(40)), proofs.inclusion(40, n))).isTrue();
        // leaf 41 shares 40's parent; its top element changed: the shared lower state must not vouch for it
        List<byte[]> path = new ArrayList<>(proofs.inclusion(41, n));
        byte[] top = path.getLast().clone();
        top[31] ^= 1;
        path.set(path.size() - 1, top);
        assertThat(verifier.verify(41, Rfc6962.leafHash(entry(41)), path)).isFalse();
        // and the honest proof of 41 after that failure still verifies, as does 40's again
        assertThat(verifier.verify(41, Rfc6962.leafHash(entry(41)), proofs.inclusion(41, n))).isTrue();
        assertThat(verifier.verify(40, Rfc6962.leafHash(entry(40)), proofs.inclusion(40, n))).isTrue();
        // a root of another tree: nothing learned against the right one carries over
        assertThat(new InclusionVerifier(n, proofs.root(n - 1)).verify(41, Rfc6962.leafHash(entry(41)), proofs.inclusion(41, n))).isFalse();
    }
}
