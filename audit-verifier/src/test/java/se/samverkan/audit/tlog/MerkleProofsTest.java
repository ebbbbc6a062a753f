package se.samverkan.audit.tlog;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class MerkleProofsTest {

    /** RFC 6962 section 2.1 written out literally over the leaf list: slow, obviously right. */
    static final class NaiveTree {
        final List<byte[]> leaves = new ArrayList<>();

        byte[] mth(int from, int to) {
            int n = to - from;
            if (n == 0) {
                return Rfc6962.emptyRoot();
            }
            if (n == 1) {
                return Rfc6962.leafHash(leaves.get(from));
            }
            int k = Integer.highestOneBit(n - 1);
            return Rfc6962.nodeHash(mth(from, from + k), mth(from + k, to));
        }

        List<byte[]> path(int m, int from, int to) {
            int n = to - from;
            List<byte[]> out = new ArrayList<>();
            if (n <= 1) {
                return out;
            }
            int k = Integer.highestOneBit(n - 1);
            if (m < k) {
                out.addAll(path(m, from, from + k));
                out.add(mth(from + k, to));
            } else {
                out.addAll(path(m - k, from + k, to));
                out.add(mth(from, from + k));
            }
            return out;
        }

        List<byte[]> subproof(int m, int from, int to, boolean b) {
            int n = to - from;
            List<byte[]> out = new ArrayList<>();
            if (m == n) {
                if (!b) {
                    out.add(mth(from, to));
                }
                return out;
            }
            int k = Integer.highestOneBit(n - 1);
            if (m <= k) {
                out.addAll(subproof(m, from, from + k, b));
                out.add(mth(from + k, to));
            } else {
                out.addAll(subproof(m - k, from + k, to, false));
                out.add(mth(from, from + k));
            }
            return out;
        }
    }

    /** What the service stores: every completed node, as the writer's compact range reports them. */
    static final class StoredTree implements HashSource {
        final Map<String, byte[]> nodes = new HashMap<>();
        final CompactRange range = CompactRange.empty();

        void append(byte[] entry) {
            for (CompactRange.Node node : range.append(Rfc6962.leafHash(entry))) {
                nodes.put(node.level() + "/" + node.index(), node.hash());
            }
        }

        @Override
        public byte[] node(int level, long index) {
            byte[] hash = nodes.get(level + "/" + index);
            if (hash == null) {
                throw new IllegalStateException("no stored node " + level + "/" + index);
            }
            return hash;
        }
    }

    private static byte[] entry(int i) {
        return ("{\"entry\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rootsAndInclusionProofsMatchTheReferenceForEveryLeafOfEverySizeUpTo130() {
        NaiveTree naive = new NaiveTree();
        StoredTree stored = new StoredTree();
        MerkleProofs proofs = new MerkleProofs(stored);
        for (int n = 1; n <= 130; n++) {
            naive.leaves.add(entry(n - 1));
            stored.append(entry(n - 1));
            byte[] root = naive.mth(0, n);
            assertThat(proofs.root(n)).as("root of size %d", n).isEqualTo(root);
            assertThat(stored.range.root()).as("compact range root of size %d", n).isEqualTo(root);
            for (int m = 0; m < n; m++) {
                List<byte[]> path = proofs.inclusion(m, n);
                assertThat(path).as("path %d of %d", m, n).usingElementComparator(Arrays::compare).containsExactlyElementsOf(naive.path(m, 0, n));
                assertThat(ProofVerifier.verifyInclusion(m, n, Rfc6962.leafHash(entry(m)), path, root)).isTrue();
                assertThat(ProofVerifier.verifyInclusion(m, n, Rfc6962.leafHash(entry(m + 1)), path, root)).as("wrong leaf").isFalse();
                if (n > 1) {
                    assertThat(ProofVerifier.verifyInclusion((m + 1) % n, n, Rfc6962.leafHash(entry(m)), path, root)).as("wrong index").isFalse();
                }
            }
        }
    }

    @Test
    void theNodesNamedForAnInclusionProofAreAllItReads() {
        StoredTree stored = new StoredTree();
        for (int n = 1; n <= 130; n++) {
            stored.append(entry(n - 1));
            int size = n;
            for (int m = 0; m < n; m++) {
                int leaf = m;
                java.util.Set<MerkleProofs.NodeId> named = new java.util.HashSet<>(MerkleProofs.inclusionNodes(leaf, size));
                List<byte[]> fromNamedOnly = new MerkleProofs((level, index) -> {
                    assertThat(named).as("node %d/%d of proof %d at size %d", level, index, leaf, size)
                            .contains(new MerkleProofs.NodeId(level, index));
                    return stored.node(level, index);
                }).inclusion(leaf, size);
                assertThat(fromNamedOnly).usingElementComparator(Arrays::compare)
                        .containsExactlyElementsOf(new MerkleProofs(stored).inclusion(leaf, size));
            }
        }
    }

    @Test
    void consistencyProofsMatchTheReferenceForEveryPairOfSizesUpTo70() {
        NaiveTree naive = new NaiveTree();
        StoredTree stored = new StoredTree();
        MerkleProofs proofs = new MerkleProofs(stored);
        for (int i = 0; i < 70; i++) {
            naive.leaves.add(entry(i));
            stored.append(entry(i));
        }
        for (int n = 1; n <= 70; n++) {
            byte[] newRoot = naive.mth(0, n);
            for (int m = 1; m <= n; m++) {
                byte[] oldRoot = naive.mth(0, m);
                List<byte[]> proof = proofs.consistency(m, n);
                List<byte[]> reference = m == n ? List.of() : naive.subproof(m, 0, n, true);
                assertThat(proof).as("proof %d -> %d", m, n).usingElementComparator(Arrays::compare).containsExactlyElementsOf(reference);
                assertThat(ProofVerifier.verifyConsistency(m, n, oldRoot, newRoot, proof)).as("verify %d -> %d", m, n).isTrue();
                if (m < n) {
                    assertThat(ProofVerifier.verifyConsistency(m, n, naive.mth(0, m - 1 == 0 ? 1 : m - 1), newRoot, proof))
                            .as("wrong old root %d -> %d", m, n).isEqualTo(m == 1);
                    assertThat(ProofVerifier.verifyConsistency(m, n, oldRoot, naive.mth(1, n), proof)).as("wrong new root").isFalse();
                }
            }
        }
    }

    @Test
    void randomLargeSizesIncludingNonPowersOfTwoVerify() {
        StoredTree stored = new StoredTree();
        NaiveTree naive = new NaiveTree();
        MerkleProofs proofs = new MerkleProofs(stored);
        int total = 5_000;
        for (int i = 0; i < total; i++) {
            stored.append(entry(i));
            naive.leaves.add(entry(i));
        }
        Random random = new Random(6962);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + random.nextInt(total);
            int m = 1 + random.nextInt(n);
            int leaf = random.nextInt(n);
            byte[] newRoot = proofs.root(n);
            assertThat(ProofVerifier.verifyInclusion(leaf, n, Rfc6962.leafHash(entry(leaf)), proofs.inclusion(leaf, n), newRoot)).isTrue();
            assertThat(ProofVerifier.verifyConsistency(m, n, proofs.root(m), newRoot, proofs.consistency(m, n))).isTrue();
        }
        assertThat(proofs.root(total)).isEqualTo(naive.mth(0, total));
        assertThat(CompactRange.of(total, stored).root()).isEqualTo(naive.mth(0, total));
    }

    @Test
    void aTamperedProofElementIsRejected() {
        StoredTree stored = new StoredTree();
        for (int i = 0; i < 37; i++) {
            stored.append(entry(i));
        }
        MerkleProofs proofs = new MerkleProofs(stored);
        List<byte[]> path = new ArrayList<>(proofs.inclusion(20, 37));
        byte[] altered = path.get(2).clone();
        altered[0] ^= 1;
        path.set(2, altered);
        assertThat(ProofVerifier.verifyInclusion(20, 37, Rfc6962.leafHash(entry(20)), path, proofs.root(37))).isFalse();
        List<byte[]> consistency = new ArrayList<>(proofs.consistency(13, 37));
        consistency.removeLast();
        assertThat(ProofVerifier.verifyConsistency(13, 37, proofs.root(13), proofs.root(37), consistency)).isFalse();
    }
}
