package se.samverkan.audit.witness;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import se.samverkan.audit.log.LogIntegrity;
import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.Cosignatures;

import java.security.MessageDigest;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this witness cosigned of each log, as far as its own signature vouches for it. The newest row of a log in
 * witnessed_checkpoints is the witness's state, and the runtime role may INSERT there: a row with a larger tree size
 * had the witness refuse every genuine checkpoint of that log as a rollback, and one with another root would have
 * had it cosign a fork consistent with that root. So the newest row is the state only when this witness's
 * cosignature verifies over the row's note and the note's checkpoint is the row's origin, size and root.
 * <p>
 * A row that fails is never the state, and no older row stands in for it (which one was the last genuine state is for
 * an operator to establish): {@link Untrusted}, and the witness cosigns nothing of that log until the row is removed.
 * It is logged as an ALERT by origin and size, never the note, and counted in
 * {@code samverkan.audit.integrity.violations} once while it stands.
 */
@Component
public class WitnessState {

    private static final Logger log = LoggerFactory.getLogger(WitnessState.class);

    /** The newest row of a log is not what this witness cosigned; the message names origin and size only. */
    public static final class Untrusted extends RuntimeException {

        Untrusted(String message) {
            super(message);
        }
    }

    private final WitnessStore store;
    /** null: no witness key, so no row can be vouched for */
    private final Cosignatures.Key key;
    private final Counter violations;
    /** The untrusted newest row of each origin already reported, by tree size: logged and counted once. */
    private final Map<String, Long> reported = new ConcurrentHashMap<>();

    public WitnessState(WitnessStore store, WitnessProperties properties, MeterRegistry meters) {
        this.store = store;
        this.key = key(properties.key());
        this.violations = LogIntegrity.violations(meters);
    }

    private static Cosignatures.Key key(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Cosignatures.parseCosigner(text).key();
        } catch (IllegalArgumentException e) {
            // WitnessRole refuses to start with it when there are peers to witness
            return null;
        }
    }

    /** The latest checkpoint this witness cosigned of the log, or empty when none; {@link Untrusted} when its row is forged. */
    public Optional<WitnessStore.Cosigned> latest(String origin) {
        return vouched(store.latest(origin), origin);
    }

    /** The same, for the log whose origin hashes to this (C2SP monitor retrieval). */
    public Optional<WitnessStore.Cosigned> latestByOriginHash(String originHash) {
        // the origin of a row is whatever its writer put there: named by its hash, which the asker chose
        return vouched(store.latestByOriginHash(originHash), "the log with origin hash " + originHash);
    }

    private Optional<WitnessStore.Cosigned> vouched(Optional<WitnessStore.Cosigned> newest, String named) {
        if (newest.isEmpty()) {
            return newest;
        }
        WitnessStore.Cosigned row = newest.get();
        String why = problem(row);
        if (why == null) {
            reported.remove(row.origin());
            return newest;
        }
        String problem = "the witness's newest recorded checkpoint of " + named + " (tree size " + row.treeSize() + ") " + why;
        if (!Objects.equals(reported.put(row.origin(), row.treeSize()), row.treeSize())) {
            log.error("ALERT: witness state integrity violation: {}; nothing of that log is cosigned until an operator removes the row",
                    problem);
            violations.increment();
        }
        throw new Untrusted(problem);
    }

    private String problem(WitnessStore.Cosigned row) {
        if (key == null) {
            return "cannot be checked: this service has no witness key";
        }
        String body;
        Checkpoint checkpoint;
        try {
            body = Cosignatures.body(row.signedNote());
            checkpoint = Checkpoint.parse(body);
        } catch (RuntimeException notANote) {
            return "holds no checkpoint note";
        }
        if (!checkpoint.origin().equals(row.origin()) || checkpoint.treeSize() != row.treeSize()
                || !MessageDigest.isEqual(checkpoint.rootHash(), row.rootHash())) {
            return "holds the note of another checkpoint than its origin, size and root hash say";
        }
        if (Cosignatures.verify(body, row.cosignature(), key) <= 0) {
            return "does not carry this witness's cosignature over its note";
        }
        return null;
    }
}
