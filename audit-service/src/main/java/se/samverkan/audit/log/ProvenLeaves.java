package se.samverkan.audit.log;

import se.samverkan.audit.tlog.MerkleProofs;
import se.samverkan.audit.tlog.ProofVerifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A few leaves proven one by one, for a reader that depends on exactly those (a review item's decisions) and should
 * not wait for the first integrity pass after a restart, which on a large log takes up to {@code pass-within}: every
 * decision answered 503 meanwhile. A leaf is proven to be what this log signed when its row passes the checks the
 * pass and the sequencer make of a row (bytes hash to the stored leaf hash, producer signature, columns;
 * {@link UnexpectedLeaves#problem}) and its leaf hash is in the tree of the latest checkpoint this log signed (an
 * inclusion proof from the stored nodes, verified against that checkpoint's signed root). A leaf after that
 * checkpoint has no signed root to be proven against; the sequencer checked it when it took the lead (or wrote it),
 * and the caller leaves those it refused, and all after them, distrusted.
 * <p>
 * A row that fails its own checks is what the pass would find: distrusted, settled. A row that passes them but whose
 * proof does not verify (a stored node the inclusion path needs is wrong or missing, or the row's leaf hash is not
 * the signed one) is not settled: whether it counts is left to the pass, and the reader waits for it as before.
 */
final class ProvenLeaves {

    /** More leaves than a reader of one item's decisions meets; more are not proven one by one. */
    static final int AT_MOST = 16;

    private final LogStore store;
    private final CheckpointNotes notes;
    private final UnexpectedLeaves checks;

    ProvenLeaves(LogStore store, CheckpointNotes notes, UnexpectedLeaves checks) {
        this.store = store;
        this.notes = notes;
        this.checks = checks;
    }

    private enum Proof { SIGNED, NOT_WHAT_WAS_SIGNED, NOT_SETTLED }

    /**
     * @param unchecked  what the log distrusts while trust is not known: every leaf from the first one not checked yet
     * @param refusedFrom the first leaf the sequencer refused, -1: none (it has checked the leaves after the latest checkpoint)
     * @return {@code unchecked} with those of {@code leaves} proven here excepted, known when each of them is settled
     */
    DistrustedLeaves among(DistrustedLeaves unchecked, long refusedFrom, long[] leaves) {
        if (leaves.length > AT_MOST) {
            return unchecked;
        }
        StoredCheckpoint latest = notes.latestSigned(store).orElse(null);
        List<Long> proven = new ArrayList<>();
        List<Long> distrusted = new ArrayList<>(Arrays.stream(unchecked.leaves()).boxed().toList());
        boolean known = true;
        for (long leaf : leaves) {
            if (!unchecked.includes(leaf) || distrusted.contains(leaf) || refusedFrom >= 0 && leaf >= refusedFrom) {
                // checked by the first pass already, found not to be what was signed, or after a refused leaf
                continue;
            }
            switch (prove(leaf, latest)) {
                case SIGNED -> proven.add(leaf);
                case NOT_WHAT_WAS_SIGNED -> distrusted.add(leaf);
                case NOT_SETTLED -> known = false;
            }
        }
        return new DistrustedLeaves(unchecked.from(), distrusted.stream().mapToLong(Long::longValue).toArray(), known,
                proven.stream().mapToLong(Long::longValue).toArray());
    }

    private Proof prove(long leaf, StoredCheckpoint latest) {
        List<StoredRow> rows = store.rows(leaf, leaf + 1);
        if (rows.isEmpty()) {
            return Proof.NOT_SETTLED;
        }
        StoredRow row = rows.getFirst();
        if (checks.problem(row) != null) {
            return Proof.NOT_WHAT_WAS_SIGNED;
        }
        if (latest == null || leaf >= latest.treeSize()) {
            // after the latest signed checkpoint: checked by the sequencer on taking the lead, written by it, or (inserted
            // since its last look, at most a lease check ago) just now passed the very checks it makes
            return Proof.SIGNED;
        }
        long size = latest.treeSize();
        try {
            List<byte[]> path = new MerkleProofs(store.fetching(MerkleProofs.inclusionNodes(leaf, size))).inclusion(leaf, size);
            return ProofVerifier.verifyInclusion(leaf, size, row.leafHash(), path, latest.rootHash())
                    ? Proof.SIGNED : Proof.NOT_SETTLED;
        } catch (IllegalStateException missingNode) {
            return Proof.NOT_SETTLED;
        }
    }
}
