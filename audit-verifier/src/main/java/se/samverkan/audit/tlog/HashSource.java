package se.samverkan.audit.tlog;

/**
 * Hashes of complete, aligned subtrees: the node at {@code level} and {@code index} covers leaves
 * {@code [index * 2^level, (index + 1) * 2^level)}; level 0 are the leaf hashes.
 */
@FunctionalInterface
public interface HashSource {

    byte[] node(int level, long index);
}
