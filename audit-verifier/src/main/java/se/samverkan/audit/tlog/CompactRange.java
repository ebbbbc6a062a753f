package se.samverkan.audit.tlog;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of the tree: the roots of the complete subtrees that make up [0, size). Appending a leaf merges
 * equal-sized neighbours and reports each completed node, so a writer persists every complete subtree exactly once
 * and can compute the root of the current size without reading anything back.
 */
public final class CompactRange {

    public record Node(int level, long index, byte[] hash) {
    }

    private final List<Node> roots;
    private long size;

    private CompactRange(long size, List<Node> roots) {
        this.size = size;
        this.roots = roots;
    }

    public static CompactRange empty() {
        return new CompactRange(0, new ArrayList<>());
    }

    /** Rebuilds the range for a tree of {@code size} leaves from stored complete subtrees (one per set bit). */
    public static CompactRange of(long size, HashSource nodes) {
        List<Node> roots = new ArrayList<>();
        long offset = 0;
        for (int level = 63; level >= 0; level--) {
            if ((size & (1L << level)) != 0) {
                long index = offset >>> level;
                roots.add(new Node(level, index, nodes.node(level, index)));
                offset += 1L << level;
            }
        }
        return new CompactRange(size, roots);
    }

    /** Adds a leaf and returns every node it completes, the leaf itself first. */
    public List<Node> append(byte[] leafHash) {
        List<Node> completed = new ArrayList<>();
        Node node = new Node(0, size, leafHash);
        completed.add(node);
        while (!roots.isEmpty() && roots.getLast().level() == node.level()) {
            Node left = roots.removeLast();
            node = new Node(left.level() + 1, left.index() >>> 1, Rfc6962.nodeHash(left.hash(), node.hash()));
            completed.add(node);
        }
        roots.add(node);
        size++;
        return completed;
    }

    public long size() {
        return size;
    }

    public byte[] root() {
        if (roots.isEmpty()) {
            return Rfc6962.emptyRoot();
        }
        byte[] hash = roots.getLast().hash();
        for (int i = roots.size() - 2; i >= 0; i--) {
            hash = Rfc6962.nodeHash(roots.get(i).hash(), hash);
        }
        return hash;
    }

    public CompactRange copy() {
        return new CompactRange(size, new ArrayList<>(roots));
    }
}
