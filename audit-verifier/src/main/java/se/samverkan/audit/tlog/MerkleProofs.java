package se.samverkan.audit.tlog;

import java.util.ArrayList;
import java.util.List;

/**
 * Roots, inclusion and consistency proofs (RFC 9162 section 2.1) computed from stored complete-subtree hashes,
 * so each costs O(log^2 n) node look-ups whatever the tree size.
 */
public final class MerkleProofs {

    private final HashSource nodes;
    // the few incomplete subtrees along the right edge recur in every proof of one tree size: compute each once
    private final java.util.Map<java.util.List<Long>, byte[]> partial = new java.util.HashMap<>();

    public MerkleProofs(HashSource nodes) {
        this.nodes = nodes;
    }

    public byte[] root(long treeSize) {
        return treeSize == 0 ? Rfc6962.emptyRoot() : subtreeHash(0, treeSize);
    }

    public List<byte[]> inclusion(long leafIndex, long treeSize) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("leaf " + leafIndex + " is not in a tree of size " + treeSize);
        }
        List<byte[]> path = new ArrayList<>();
        inclusion(leafIndex, 0, treeSize, path);
        return path;
    }

    /** A stored complete subtree: level 0 is a leaf hash. */
    public record NodeId(int level, long index) {
    }

    /**
     * The stored nodes {@link #inclusion} reads for this leaf and size, found by running it over placeholders: a store
     * can fetch them in one round trip instead of one per level (some 25 at ten million leaves).
     */
    public static List<NodeId> inclusionNodes(long leafIndex, long treeSize) {
        List<NodeId> needed = new ArrayList<>();
        byte[] placeholder = new byte[Rfc6962.HASH_SIZE];
        new MerkleProofs((level, index) -> {
            needed.add(new NodeId(level, index));
            return placeholder;
        }).inclusion(leafIndex, treeSize);
        return needed;
    }

    public List<byte[]> consistency(long oldSize, long newSize) {
        if (oldSize < 0 || oldSize > newSize) {
            throw new IllegalArgumentException("no consistency proof from size " + oldSize + " to " + newSize);
        }
        List<byte[]> proof = new ArrayList<>();
        if (oldSize == 0 || oldSize == newSize) {
            return proof;
        }
        subproof(oldSize, 0, newSize, true, proof);
        return proof;
    }

    // PATH(m, D[start:end]) with m relative to start; appends bottom-up.
    private void inclusion(long m, long start, long end, List<byte[]> path) {
        long n = end - start;
        if (n == 1) {
            return;
        }
        long k = Rfc6962.split(n);
        if (m < k) {
            inclusion(m, start, start + k, path);
            path.add(subtreeHash(start + k, end));
        } else {
            inclusion(m - k, start + k, end, path);
            path.add(subtreeHash(start, start + k));
        }
    }

    private void subproof(long m, long start, long end, boolean complete, List<byte[]> proof) {
        long n = end - start;
        if (m == n) {
            if (!complete) {
                proof.add(subtreeHash(start, end));
            }
            return;
        }
        long k = Rfc6962.split(n);
        if (m <= k) {
            subproof(m, start, start + k, complete, proof);
            proof.add(subtreeHash(start + k, end));
        } else {
            subproof(m - k, start + k, end, false, proof);
            proof.add(subtreeHash(start, start + k));
        }
    }

    /** MTH(D[start:end]); every range the RFC recursion visits starts at a multiple of a power of two >= its length. */
    public byte[] subtreeHash(long start, long end) {
        long n = end - start;
        if (Long.bitCount(n) == 1) {
            int level = Long.numberOfTrailingZeros(n);
            return nodes.node(level, start >>> level);
        }
        java.util.List<Long> key = java.util.List.of(start, end);
        byte[] cached = partial.get(key);
        if (cached == null) {
            long k = Rfc6962.split(n);
            cached = Rfc6962.nodeHash(subtreeHash(start, start + k), subtreeHash(start + k, end));
            if (partial.size() < 4096) {
                partial.put(key, cached);
            }
        }
        return cached;
    }
}
