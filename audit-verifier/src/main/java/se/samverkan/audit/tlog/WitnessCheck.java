package se.samverkan.audit.tlog;

import java.security.MessageDigest;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The witness's rule (C2SP tlog-witness, add-checkpoint semantics): a checkpoint is cosigned only when it is signed by
 * the log's key, names the log's origin, and is consistent with the last checkpoint this witness cosigned for that
 * origin (a verified consistency proof from it, or the same root at the same size). A validly signed checkpoint that
 * contradicts what the witness saw — smaller than it (rollback), the same size with another root (fork), or a proof
 * that does not verify — is evidence of a rewritten log: refused, and an alarm.
 */
public final class WitnessCheck {

    public enum Outcome { COSIGN, UNCHANGED, REFUSED }

    public enum Reason {
        /** not signed by the log's key, or the signature does not verify */
        BAD_SIGNATURE(false),
        /** the checkpoint names another origin than the configured log */
        WRONG_ORIGIN(false),
        /** not a checkpoint, or an empty tree whose root is not the empty hash */
        MALFORMED(false),
        /** validly signed, but smaller than a checkpoint this witness cosigned: history was cut off */
        ROLLBACK(true),
        /** validly signed, the same size as a checkpoint this witness cosigned but another root: a forked history */
        FORK(true),
        /** validly signed and larger, but the log cannot prove the cosigned tree is a prefix of it */
        INCONSISTENT(true);

        private final boolean alarm;

        Reason(boolean alarm) {
            this.alarm = alarm;
        }

        /** Whether the refusal proves misbehaviour of the log (it carries the log's valid signature). */
        public boolean alarm() {
            return alarm;
        }
    }

    /** The last checkpoint this witness cosigned for the origin. */
    public record Seen(long treeSize, byte[] rootHash) {
    }

    public record Verdict(Outcome outcome, Reason reason, String detail, Checkpoint checkpoint) {

        public boolean alarm() {
            return reason != null && reason.alarm();
        }
    }

    private WitnessCheck() {
    }

    /**
     * @param last      the last cosigned checkpoint of this origin, or null when the witness never cosigned one (the
     *                  first checkpoint is taken on trust, as C2SP's old size 0)
     * @param proofFrom the log's consistency proof from a size to the note's size (asked only when needed)
     */
    public static Verdict check(String origin, NoteKeys.Verifier logKey, Seen last, String note, LongFunction<List<byte[]>> proofFrom) {
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(SignedNote.open(note, logKey));
        } catch (SignedNote.NoteException e) {
            return refused(Reason.BAD_SIGNATURE, e.getMessage(), null);
        } catch (RuntimeException e) {
            return refused(Reason.MALFORMED, "not a checkpoint: " + e.getMessage(), null);
        }
        if (!checkpoint.origin().equals(origin)) {
            return refused(Reason.WRONG_ORIGIN, "the checkpoint names the origin " + checkpoint.origin() + ", not " + origin, checkpoint);
        }
        if (checkpoint.treeSize() == 0 && !MessageDigest.isEqual(checkpoint.rootHash(), Rfc6962.emptyRoot())) {
            return refused(Reason.MALFORMED, "an empty tree's root must be the hash of the empty string", checkpoint);
        }
        if (last == null) {
            return new Verdict(Outcome.COSIGN, null, "first checkpoint seen of " + origin, checkpoint);
        }
        if (checkpoint.treeSize() < last.treeSize()) {
            return refused(Reason.ROLLBACK, "signed tree size " + checkpoint.treeSize() + " is smaller than the size "
                    + last.treeSize() + " this witness cosigned", checkpoint);
        }
        if (checkpoint.treeSize() == last.treeSize()) {
            if (MessageDigest.isEqual(checkpoint.rootHash(), last.rootHash())) {
                return new Verdict(Outcome.UNCHANGED, null, "no new entries since tree size " + last.treeSize(), checkpoint);
            }
            return refused(Reason.FORK, "signed tree size " + checkpoint.treeSize() + " has another root than the one this "
                    + "witness cosigned at that size", checkpoint);
        }
        List<byte[]> proof = last.treeSize() == 0 ? List.of() : proofFrom.apply(last.treeSize());
        if (proof.size() > 63 || !ProofVerifier.verifyConsistency(last.treeSize(), checkpoint.treeSize(), last.rootHash(),
                checkpoint.rootHash(), proof)) {
            return refused(Reason.INCONSISTENT, "the consistency proof from the cosigned tree size " + last.treeSize()
                    + " to " + checkpoint.treeSize() + " does not verify: the log's history before size " + last.treeSize()
                    + " was changed", checkpoint);
        }
        return new Verdict(Outcome.COSIGN, null, "consistent with tree size " + last.treeSize(), checkpoint);
    }

    private static Verdict refused(Reason reason, String detail, Checkpoint checkpoint) {
        return new Verdict(Outcome.REFUSED, reason, detail, checkpoint);
    }
}
