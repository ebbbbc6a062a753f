package se.samverkan.audit.log;

import se.samverkan.audit.tlog.CompactRange;
import se.samverkan.audit.tlog.Rfc6962;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Where a new leader starts: the tree of the newest checkpoint this log signed, never the stored tree at the store's
 * full size. The leader used to build its range from stored tree nodes at the full size, and the runtime role may
 * INSERT leaves and nodes: one leaf after the checkpoint with no node above it (inserted while the instance was down)
 * failed that on every attempt, so after a restart the log stopped for good; and a node written ahead of the log,
 * which the sequencer leaves as it is, became part of the tree it signed after the next restart.
 * <p>
 * So the range is built at the checkpoint's size and must give the root the checkpoint's note signs (O(log n) nodes:
 * the normal start). What follows the checkpoint the sequencer checks and adds from leaf hashes. Only when the stored
 * nodes do not give the signed root is every leaf hash read, in chunks, once: if the leaves give it, the stored nodes
 * were tampered with (named by position, a violation) and the leader goes on from the leaves; if not, the stored log
 * is not what was signed, and no checkpoint may be signed over it: {@link NotSigned}. Asked again for the same
 * checkpoint and the same stored nodes, it says so without reading the leaves again (a standby asks every lease
 * check); an operator who repairs the leaves restarts the service.
 */
final class CheckpointedTree {

    private static final int CHUNK = 10_000;

    /** The newest checkpoint whose note this log signed (null: none). */
    record Anchor(StoredCheckpoint checkpoint) {

        long size() {
            return checkpoint == null ? 0 : checkpoint.treeSize();
        }

        byte[] root() {
            return checkpoint == null ? Rfc6962.emptyRoot() : checkpoint.rootHash();
        }
    }

    sealed interface Start {
        Anchor anchor();
    }

    /** The stored nodes give the signed root: the normal start. */
    record FromNodes(Anchor anchor, CompactRange range) implements Start {
    }

    /**
     * The stored nodes do not give the signed root ({@code storedNodes} says how), the leaf hashes do.
     *
     * @param edge the range's nodes above the leaves, as the leaves give them: written where missing, compared where stored
     */
    record FromLeaves(Anchor anchor, CompactRange range, List<CompactRange.Node> edge, String storedNodes) implements Start {
    }

    /** Neither the stored nodes nor the leaves give the signed root; {@code again}: said before, for the same nodes. */
    record NotSigned(Anchor anchor, String why, boolean again) implements Start {
    }

    private final LogStore store;
    private final CheckpointNotes notes;
    /** The checkpoint and stored nodes last found {@link NotSigned}, and why. */
    private String notSigned;
    private String notSignedWhy;

    CheckpointedTree(LogStore store, CheckpointNotes notes) {
        this.store = store;
        this.notes = notes;
    }

    Start load() {
        Anchor anchor = anchor();
        String storedNodes;
        String seen;
        try {
            CompactRange range = CompactRange.of(anchor.size(), store);
            if (MessageDigest.isEqual(range.root(), anchor.root())) {
                notSigned = null;
                return new FromNodes(anchor, range);
            }
            storedNodes = "the stored tree nodes do not give the root it signs";
            seen = anchor.size() + "/" + HexFormat.of().formatHex(range.root());
        } catch (IllegalStateException missing) {
            storedNodes = "stored tree nodes under it are missing (" + missing.getMessage() + ")";
            seen = anchor.size() + "/missing";
        }
        if (seen.equals(notSigned)) {
            return new NotSigned(anchor, notSignedWhy, true);
        }
        Start start = fromLeaves(anchor, storedNodes);
        if (start instanceof NotSigned refused) {
            notSigned = seen;
            notSignedWhy = refused.why();
        }
        return start;
    }

    /**
     * The newest checkpoint this log signed ({@link CheckpointNotes#latestSignedToLead}: newer rows it did not sign are
     * passed over and reported; those above the stored log's size counted, not read one by one).
     */
    private Anchor anchor() {
        return new Anchor(notes.latestSignedToLead(store).orElse(null));
    }

    /** Every leaf hash under the checkpoint, in chunks: O(n), read only when the stored nodes do not give the signed root. */
    private Start fromLeaves(Anchor anchor, String storedNodes) {
        long size = anchor.size();
        List<Long> edgeAt = edgePositions(size);
        List<CompactRange.Node> edge = new ArrayList<>();
        CompactRange range = CompactRange.empty();
        for (long from = 0; from < size; from += CHUNK) {
            long to = Math.min(from + CHUNK, size);
            for (LogStore.StoredLeafHash leaf : store.leafHashes(from, to)) {
                if (leaf.leafIndex() != range.size()) {
                    return notSigned(anchor, storedNodes, "leaf " + range.size() + " under it is missing");
                }
                for (CompactRange.Node node : range.append(leaf.leafHash())) {
                    if (node.level() > 0 && edgeAt.contains(key(node.level(), node.index()))) {
                        edge.add(node);
                    }
                }
            }
            if (range.size() < to) {
                return notSigned(anchor, storedNodes, "leaf " + range.size() + " under it is missing");
            }
        }
        if (!MessageDigest.isEqual(range.root(), anchor.root())) {
            return notSigned(anchor, storedNodes, "its leaves do not give that root either");
        }
        return new FromLeaves(anchor, range, List.copyOf(edge), storedNodes);
    }

    private static NotSigned notSigned(Anchor anchor, String storedNodes, String leaves) {
        return new NotSigned(anchor, "the signed checkpoint at tree size " + anchor.size() + " is not the stored log: "
                + storedNodes + ", and " + leaves, false);
    }

    /** The positions of the complete subtrees that make up [0, size), one per set bit, as {@link CompactRange#of} reads them. */
    private static List<Long> edgePositions(long size) {
        List<Long> positions = new ArrayList<>();
        long offset = 0;
        for (int level = 63; level >= 0; level--) {
            if ((size & (1L << level)) != 0) {
                positions.add(key(level, offset >>> level));
                offset += 1L << level;
            }
        }
        return positions;
    }

    private static long key(int level, long index) {
        return ((long) level << 56) | index;
    }
}
