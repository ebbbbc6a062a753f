package se.samverkan.audit.witness;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import se.samverkan.audit.log.CheckpointNotes;
import se.samverkan.audit.log.LogIntegrity;
import se.samverkan.audit.log.LogStore;
import se.samverkan.audit.log.StoredCheckpoint;
import se.samverkan.audit.tlog.Cosignatures;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the witnesses of this log cosigned of its checkpoints, as far as their keys vouch for it. The lines are kept in
 * checkpoint_cosignatures, where the runtime role may INSERT: a line under a genuine witness's key at a real
 * checkpoint newer than the witness's last one hid the genuine one (the witnessed checkpoint fell back to an older one
 * or to none, an export's anchors left the witness out and its offline verification failed), and one stored before
 * the genuine line kept it out for good. So every reader takes only lines that verify under a configured witness's
 * key over the stored checkpoint's body, and lines sit side by side (V13), so a forged one is not in the way. And
 * only over a checkpoint this log signed ({@link CheckpointNotes#signedAt}): the runtime role may INSERT checkpoint rows
 * too, and a row at a size no checkpoint held, carrying a copy of the witnessed checkpoint's note and beside it copies
 * of the witness's lines, was taken as the witness's latest (the witnessed checkpoint answered 404, and the export
 * anchored the witness at the row's size, so its offline verification failed).
 * <p>
 * A line under a configured witness's key that does not verify is ignored, logged as an ALERT by tree size and witness
 * name (never the line, whatever its writer put there) and counted in {@code samverkan.audit.integrity.violations},
 * once per row in this process. Lines under keys no longer configured are ignored silently: a witness retired from
 * the configuration left genuine lines behind.
 */
@Component
public class WitnessCosignatures {

    private static final Logger log = LoggerFactory.getLogger(WitnessCosignatures.class);
    /** Tree sizes read at a time when looking for a witness's latest verifying line: almost always the first one is. */
    private static final int SIZES_AT_A_TIME = 16;

    private final WitnessStore store;
    private final LogStore checkpoints;
    private final CheckpointNotes notes;
    private final List<Cosignatures.Key> witnesses;
    private final Counter violations;
    private final Set<WitnessStore.StoredCosignature> reported = ConcurrentHashMap.newKeySet();

    public WitnessCosignatures(WitnessStore store, LogStore checkpoints, CheckpointNotes notes, WitnessProperties properties,
                               MeterRegistry meters) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.notes = notes;
        List<Cosignatures.Key> keys = new ArrayList<>();
        for (WitnessProperties.Witness witness : properties.witnesses()) {
            try {
                keys.add(Cosignatures.parseKey(witness.key()));
            } catch (IllegalArgumentException e) {
                // WitnessRole refuses to start with it
            }
        }
        this.witnesses = List.copyOf(keys);
        this.violations = LogIntegrity.violations(meters);
    }

    /**
     * One verifying line of each configured witness over this checkpoint, in the order the witnesses are configured;
     * none over a row this log did not sign (reported as such): a line verifies over the body of the row's note, and a
     * row the runtime role inserted may carry a copy of a genuine note of another size, or of this size beside another
     * root, with copies of the witnesses' genuine lines (public, from their monitor endpoints).
     */
    public List<String> lines(StoredCheckpoint checkpoint) {
        if (!notes.signs(checkpoint)) {
            notes.notSigned(checkpoint);
            return List.of();
        }
        Map<String, List<WitnessStore.StoredCosignature>> byWitness = new HashMap<>();
        store.cosignatures(checkpoint.treeSize()).forEach(row -> byWitness.computeIfAbsent(row.witnessKey(), k -> new ArrayList<>()).add(row));
        String body = body(checkpoint);
        List<String> lines = new ArrayList<>();
        for (Cosignatures.Key witness : witnesses) {
            verifying(byWitness.getOrDefault(witness.encoded(), List.of()), body, witness).ifPresent(lines::add);
        }
        return lines;
    }

    /**
     * For each configured witness, the largest checkpoint this log signed, up to {@code maxSize}, over which a line of
     * that witness verifies; ascending by size, each once. A row at a size this log did not sign is passed over (and
     * reported, {@link CheckpointNotes#signedAt}), so it is never taken as a witnessed checkpoint or an export's anchor,
     * nor hides the witness's genuine one below it.
     */
    public List<StoredCheckpoint> latestCosigned(long maxSize) {
        Map<Long, StoredCheckpoint> bySize = new java.util.TreeMap<>();
        for (Cosignatures.Key witness : witnesses) {
            latestCosigned(witness, maxSize).ifPresent(checkpoint -> bySize.put(checkpoint.treeSize(), checkpoint));
        }
        return List.copyOf(bySize.values());
    }

    private Optional<StoredCheckpoint> latestCosigned(Cosignatures.Key witness, long maxSize) {
        long below = maxSize;
        while (below >= 0) {
            List<WitnessStore.StoredCosignature> rows = store.cosignaturesOf(witness.encoded(), below, SIZES_AT_A_TIME);
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            for (int from = 0; from < rows.size(); ) {
                long size = rows.get(from).treeSize();
                int to = from;
                while (to < rows.size() && rows.get(to).treeSize() == size) {
                    to++;
                }
                Optional<StoredCheckpoint> checkpoint = notes.signedAt(checkpoints, size);
                if (checkpoint.isPresent() && verifying(rows.subList(from, to), body(checkpoint.get()), witness).isPresent()) {
                    return checkpoint;
                }
                from = to;
            }
            below = rows.getLast().treeSize() - 1;
        }
        return Optional.empty();
    }

    /**
     * Keeps a line the caller verified under this witness's key over this log's checkpoint of that size, unless one of
     * that witness over it is kept already: each collection round fetches the same cosignature with a new timestamp.
     */
    void record(long treeSize, Cosignatures.Key witness, String line) {
        Optional<StoredCheckpoint> checkpoint = notes.signedAt(checkpoints, treeSize);
        if (checkpoint.isEmpty()) {
            // no checkpoint of this log's at that size (a row there it did not sign is reported): nothing to keep it with
            return;
        }
        List<WitnessStore.StoredCosignature> theirs = store.cosignatures(treeSize).stream()
                .filter(row -> row.witnessKey().equals(witness.encoded())).toList();
        if (verifying(theirs, body(checkpoint.get()), witness).isPresent()) {
            return;
        }
        store.insertCosignature(treeSize, witness.encoded(), line);
    }

    /** The first of these lines of one witness that verifies; those that do not are reported. */
    private Optional<String> verifying(List<WitnessStore.StoredCosignature> rows, String body, Cosignatures.Key witness) {
        String found = null;
        for (WitnessStore.StoredCosignature row : rows) {
            if (body != null && Cosignatures.verify(body, row.line(), witness) > 0) {
                if (found == null) {
                    found = row.line().endsWith("\n") ? row.line() : row.line() + "\n";
                }
            } else if (reported.add(row)) {
                log.error("ALERT: witness cosignature integrity violation: a line stored for this log's checkpoint at tree size {} "
                        + "under the key of witness {} does not verify over that checkpoint; ignored", row.treeSize(), witness.name());
                violations.increment();
            }
        }
        return Optional.ofNullable(found);
    }

    private static String body(StoredCheckpoint checkpoint) {
        try {
            return Cosignatures.body(checkpoint.signedNote());
        } catch (RuntimeException notANote) {
            // nothing verifies over it; the integrity pass names the checkpoint itself
            return null;
        }
    }
}
