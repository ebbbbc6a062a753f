package se.samverkan.audit.log;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import se.samverkan.audit.tlog.CompactRange;
import se.samverkan.audit.tlog.Rfc6962;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Leaves the sequencer finds in the log without having written them: those a former leader appended after its last
 * checkpoint (found when this instance takes the lead), and those anyone else inserted (found when the sequencer's
 * next insert meets a leaf index already taken). The runtime role may INSERT, so such a row can carry a correct leaf
 * hash; adopting it unchecked would put it under the next signed checkpoint, and witnesses would cosign it. So each
 * one is checked as the integrity pass checks an entry — its bytes hash to its leaf hash, its producer signature
 * verifies ({@link EntrySignatures}) and its search columns say what its bytes say ({@link StoredRow}) — before the
 * sequencer signs over it. A leaf that fails stays in the tree (the
 * log is append-only, and the leaves after it are genuine), but no checkpoint is signed over it: the integrity
 * health is DOWN naming it, {@code samverkan.audit.integrity.violations} counts it and it is logged by leaf index.
 * An operator removes the row (and the leaves after it, which Kafka replays) and restarts the service.
 */
@Component
public class UnexpectedLeaves {

    private static final Logger log = LoggerFactory.getLogger(UnexpectedLeaves.class);
    private static final int CHUNK = 500;

    private final LogStore store;
    private final EntrySignatures signatures;
    private final Counter violations;
    /**
     * Whether a check since the latest reset has ended, and the first leaf no checkpoint may cover (or -1), as one
     * value, so that no reader sees a finding of one term beside the "checked" of another. Until the first check (after
     * a restart, above all) no one here has looked at the leaves after the latest checkpoint: "nothing refused" would
     * only mean "not known yet". Written by the sequencer's thread only.
     */
    public record Checked(boolean checked, long firstRefused) {
    }

    private volatile Checked state = new Checked(false, -1);
    private volatile List<String> problems = List.of();

    public UnexpectedLeaves(LogStore store, EntrySignatures signatures, MeterRegistry meters) {
        this.store = store;
        this.signatures = signatures;
        this.violations = LogIntegrity.violations(meters);
    }

    /** Forgets what an earlier term found: a new leader checks every leaf after the latest checkpoint again. */
    void reset() {
        state = new Checked(false, -1);
        problems = List.of();
    }

    /** Checks the leaves in {@code [from, to)}, which the sequencer did not write. */
    void check(long from, long to) {
        List<String> found = new ArrayList<>(problems);
        long refused = state.firstRefused();
        for (long chunk = from; chunk < to; chunk += CHUNK) {
            long next = chunk;
            for (StoredRow leaf : store.rows(chunk, Math.min(chunk + CHUNK, to))) {
                if (leaf.leafIndex() > next) {
                    refused = refuse(found, refused, next, "missing: no row, although later leaves exist");
                }
                String why = problem(leaf);
                if (why != null) {
                    refused = refuse(found, refused, leaf.leafIndex(), why);
                }
                next = leaf.leafIndex() + 1;
            }
            if (next < Math.min(chunk + CHUNK, to)) {
                refused = refuse(found, refused, next, "missing: no row, although later leaves exist");
            }
        }
        problems = List.copyOf(found);
        state = new Checked(true, refused);
    }

    /**
     * As the integrity pass checks a row: the bytes hash to the stored leaf hash, their producer signature verifies,
     * and the search columns say what the bytes say. Hash and signature alone let through an exact copy of a genuine
     * decision in a row whose event_id and reference_id name another item, which then read as decided.
     */
    String problem(StoredRow leaf) {
        if (!MessageDigest.isEqual(Rfc6962.leafHash(leaf.entry()), leaf.leafHash())) {
            return "its bytes do not hash to its stored leaf hash";
        }
        String unsigned = signatures.problem(leaf.leafIndex(), leaf.entry());
        return unsigned != null ? unsigned : leaf.columnsProblem();
    }

    private long refuse(List<String> found, long refused, long leafIndex, String why) {
        String problem = "leaf " + leafIndex + ": not appended by this log's sequencer, and " + why
                + "; no checkpoint is signed over it";
        if (!found.contains(problem)) {
            // leaf index and reason only: the entry itself may hold personal data
            log.error("Audit log integrity violation at {}", problem);
            violations.increment();
            found.add(problem);
        }
        return refused < 0 ? leafIndex : Math.min(refused, leafIndex);
    }

    /**
     * Tree nodes the sequencer found already stored, with another hash than the leaves give, when it came to write
     * them: someone wrote them ahead of the log. The leaves are fine and the sequencer signs its own tree, so
     * checkpoints go on; but inclusion and consistency proofs read the stored nodes, and those through these fail. A
     * violation like a refused leaf (health DOWN, counter, logged by position); an operator replaces the node with
     * the hash of the two below it.
     */
    void nodesDiffer(List<CompactRange.Node> nodes) {
        List<String> found = new ArrayList<>(problems);
        for (CompactRange.Node node : nodes) {
            String problem = "tree node " + node.level() + "/" + node.index() + ": not written by this log's sequencer, "
                    + "and not the hash its leaves give; left as it is, so proofs through it fail";
            if (!found.contains(problem)) {
                log.error("Audit log integrity violation at {}", problem);
                violations.increment();
                found.add(problem);
            }
        }
        problems = List.copyOf(found);
    }

    /**
     * Neither the stored tree nodes nor the leaves under the newest signed checkpoint give the root it signs: this
     * instance does not lead, so that no checkpoint is signed over a tree that is not what was signed.
     */
    void notSigned(String why) {
        String problem = why + "; this instance refuses to write the audit log until the stored log is restored and it is restarted";
        if (!problems.contains(problem)) {
            log.error("ALERT: audit log integrity violation: {}", problem);
            violations.increment();
            List<String> found = new ArrayList<>(problems);
            found.add(problem);
            problems = List.copyOf(found);
        }
    }

    /** True when a checkpoint of this size may be signed: it covers no leaf that failed its check. */
    boolean signable(long treeSize) {
        long refused = state.firstRefused();
        return refused < 0 || treeSize <= refused;
    }

    /** The first leaf that failed its check, or -1: no checkpoint covers it, nor anything after it. */
    public long firstRefused() {
        return state.firstRefused();
    }

    /** Whether this instance has checked the leaves after the latest checkpoint yet, and what it refused. */
    public Checked checked() {
        return state;
    }

    /** What the checks found, for the integrity health. */
    public List<String> problems() {
        return problems;
    }
}
