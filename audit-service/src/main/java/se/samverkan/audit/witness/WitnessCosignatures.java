package se.samverkan.audit.witness;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
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
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the witnesses of this log cosigned of its checkpoints, as far as their keys vouch for it. The lines are kept in
 * checkpoint_cosignatures, where the runtime role may INSERT: a line under a genuine witness's key at a real
 * checkpoint newer than the witness's last one hid the genuine one (the witnessed checkpoint fell back to an older one
 * or to none, an export's anchors left the witness out and its offline verification failed), and one stored before
 * the genuine line kept it out for good. So every reader takes only lines that verify under a configured witness's
 * key over the stored checkpoint's body, and lines sit side by side (V13), so a forged one is not in the way.
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
    private final List<Cosignatures.Key> witnesses;
    private final Counter violations;
    private final Set<WitnessStore.StoredCosignature> reported = ConcurrentHashMap.newKeySet();

    public WitnessCosignatures(WitnessStore store, LogStore checkpoints, WitnessProperties properties, MeterRegistry meters) {
        this.store = store;
        this.checkpoints = checkpoints;
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

    /** One verifying line of each configured witness over this checkpoint, in the order the witnesses are configured. */
    public List<String> lines(StoredCheckpoint checkpoint) {
        Map<String, List<WitnessStore.StoredCosignature>> byWitness = new HashMap<>();
        store.cosignatures(checkpoint.treeSize()).forEach(row -> byWitness.computeIfAbsent(row.witnessKey(), k -> new ArrayList<>()).add(row));
        String body = body(checkpoint);
        List<String> lines = new ArrayList<>();
        for (Cosignatures.Key witness : witnesses) {
            verifying(byWitness.getOrDefault(witness.encoded(), List.of()), body, witness).ifPresent(lines::add);
        }
        return lines;
    }

    /** For each configured witness, the largest tree size up to {@code maxSize} over which a line of it verifies; ascending. */
    public List<Long> latestCosignedSizes(long maxSize) {
        Set<Long> sizes = new TreeSet<>();
        for (Cosignatures.Key witness : witnesses) {
            latestCosignedSize(witness, maxSize).ifPresent(sizes::add);
        }
        return List.copyOf(sizes);
    }

    private Optional<Long> latestCosignedSize(Cosignatures.Key witness, long maxSize) {
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
                Optional<StoredCheckpoint> checkpoint = checkpoints.checkpoint(size);
                if (checkpoint.isPresent() && verifying(rows.subList(from, to), body(checkpoint.get()), witness).isPresent()) {
                    return Optional.of(size);
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
        Optional<StoredCheckpoint> checkpoint = checkpoints.checkpoint(treeSize);
        if (checkpoint.isPresent()) {
            List<WitnessStore.StoredCosignature> theirs = store.cosignatures(treeSize).stream()
                    .filter(row -> row.witnessKey().equals(witness.encoded())).toList();
            if (verifying(theirs, body(checkpoint.get()), witness).isPresent()) {
                return;
            }
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
