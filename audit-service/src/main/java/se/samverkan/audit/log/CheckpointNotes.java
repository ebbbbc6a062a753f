package se.samverkan.audit.log;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.tlog.SignedNote;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a stored checkpoint's signed note is this log's word for the size and root in its columns. The integrity
 * pass compared the entries and tree nodes with {@code checkpoints.root_hash} and never opened the note: a superuser
 * who rewrote entries, rebuilt the tree and set that column to match passed the service's own check (until witnesses
 * or the offline verifier looked). The note verifies with the log's current key or one of
 * {@code samverkan.audit.checkpoint-notes.former-verifier-keys}: after a key rotation the newest checkpoint of an idle
 * log is still signed by the former key (docs/operations.md, "audit-service checkpoint signing key").
 * <p>
 * The runtime role may INSERT checkpoint rows, but cannot sign one. Every reader that serves or decides from the
 * latest checkpoint (the public endpoints, the witness side, the gauges, the integrity pass, the sequencer) asks
 * {@link #latestSigned}: the newest row whose note verifies. A newer row that does not verify is passed over; it is
 * an integrity violation (ALERT by tree size, {@code samverkan.audit.integrity.violations} once per row, the
 * integrity health DOWN while it is there), since the table is append-only and only an operator removes it. A row
 * below the latest signed one is the same violation ({@link #notSigned}), found by the integrity pass and by whoever
 * looks a checkpoint up by its size ({@link #signedAt}); a row counts once, above the latest or below it.
 */
@Component
public class CheckpointNotes {

    @ConfigurationProperties("samverkan.audit.checkpoint-notes")
    public record Keys(@DefaultValue({}) List<String> formerVerifierKeys) {
    }

    private static final Logger log = LoggerFactory.getLogger(CheckpointNotes.class);
    private static final int CHECKPOINTS_AT_ONCE = 16;

    private final String origin;
    private final List<NoteKeys.Verifier> verifiers;
    /** null: not counted (tests of the notes alone) */
    private final Counter violations;
    /** The rows reported so far (size, root and note), so that each is counted once however often it is read. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    /** The rows the latest read passed over, for the integrity health. */
    private volatile List<String> problems = List.of();
    /** Rows found signed lately, by {@link #memoKey}, cleared when full. */
    private final Set<String> signedRows = ConcurrentHashMap.newKeySet();
    private static final int SIGNED_ROWS_KEPT = 1024;
    /**
     * Rows found not signed, by {@link #memoKey} (the answer depends on nothing else: the keys are this process's), so
     * that a reader that meets them again and again (the outbox's backlog gauge at every scrape) pays a hash, not an
     * Ed25519 verification each; cleared when full.
     */
    private final Set<String> unsignedRows = ConcurrentHashMap.newKeySet();
    private static final int UNSIGNED_ROWS_KEPT = 4096;

    @Autowired
    public CheckpointNotes(CheckpointSigner signer, Keys keys, MeterRegistry meters) {
        this(signer.origin(), signer.verifierKey(), keys.formerVerifierKeys(), LogIntegrity.violations(meters));
    }

    public CheckpointNotes(String origin, String verifierKey, List<String> formerVerifierKeys) {
        this(origin, verifierKey, formerVerifierKeys, null);
    }

    private CheckpointNotes(String origin, String verifierKey, List<String> formerVerifierKeys, Counter violations) {
        this.violations = violations;
        this.origin = origin;
        List<NoteKeys.Verifier> all = new ArrayList<>();
        all.add(NoteKeys.parseVerifier(verifierKey));
        for (String former : formerVerifierKeys) {
            try {
                all.add(NoteKeys.parseVerifier(former.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("samverkan.audit.checkpoint-notes.former-verifier-keys holds a value that is no "
                        + "note verifier key (<name>+<hash>+<base64 key>): " + e.getMessage());
            }
        }
        this.verifiers = List.copyOf(all);
    }

    /**
     * True when a key of this log signed exactly this origin, size and root. A row found signed is remembered by a hash
     * of its size, root and note (the signature covers exactly these), so the readers that check a checkpoint again
     * (each cosignature line is joined only to a signed one) pay a hash, not another Ed25519 verification.
     */
    public boolean signs(StoredCheckpoint stored) {
        String seen = memoKey(stored);
        if (seen != null && signedRows.contains(seen)) {
            return true;
        }
        if (seen != null && unsignedRows.contains(seen)) {
            return false;
        }
        boolean signed = verifies(stored);
        if (seen != null) {
            Set<String> memo = signed ? signedRows : unsignedRows;
            if (memo.size() >= (signed ? SIGNED_ROWS_KEPT : UNSIGNED_ROWS_KEPT)) {
                memo.clear();
            }
            memo.add(seen);
        }
        return signed;
    }

    private static String memoKey(StoredCheckpoint stored) {
        if (stored.rootHash() == null || stored.signedNote() == null) {
            return null;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(java.nio.ByteBuffer.allocate(Long.BYTES).putLong(stored.treeSize()).array());
            sha.update(stored.rootHash());
            sha.update(stored.signedNote().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean verifies(StoredCheckpoint stored) {
        for (NoteKeys.Verifier verifier : verifiers) {
            try {
                Checkpoint signed = Checkpoint.parse(SignedNote.open(stored.signedNote(), verifier));
                return signed.origin().equals(origin) && signed.treeSize() == stored.treeSize()
                        && MessageDigest.isEqual(signed.rootHash(), stored.rootHash());
            } catch (RuntimeException notThisKey) {
                // another key's note, or no note at all: the next key, or false
            }
        }
        return false;
    }

    /**
     * The latest checkpoint this log signed: the newest stored row whose note verifies, read a few rows at a time from
     * the newest. Newer rows that do not verify are passed over and reported ({@link #problems}).
     */
    public Optional<StoredCheckpoint> latestSigned(LogStore store) {
        // the usual case: the newest row is this log's, one row read
        Optional<StoredCheckpoint> newest = store.latestCheckpoint();
        if (newest.isEmpty() || signs(newest.get())) {
            problems = List.of();
            return newest;
        }
        List<String> passedOver = new ArrayList<>();
        long below = Long.MAX_VALUE;
        while (true) {
            List<StoredCheckpoint> rows = store.checkpointsBelow(below, CHECKPOINTS_AT_ONCE);
            for (StoredCheckpoint row : rows) {
                if (signs(row)) {
                    problems = List.copyOf(passedOver);
                    return Optional.of(row);
                }
                passedOver.add(passedOver(row));
            }
            if (rows.size() < CHECKPOINTS_AT_ONCE) {
                problems = List.copyOf(passedOver);
                return Optional.empty();
            }
            below = rows.getLast().treeSize();
        }
    }

    /**
     * The checkpoint this log signed at exactly this size. A row there that it did not sign is no checkpoint of it: it
     * is not returned, and it is reported ({@link #notSigned}) by whoever meets it, not only by the integrity pass.
     */
    public Optional<StoredCheckpoint> signedAt(LogStore store, long treeSize) {
        Optional<StoredCheckpoint> stored = store.checkpoint(treeSize);
        if (stored.isPresent() && !signs(stored.get())) {
            notSigned(stored.get());
            return Optional.empty();
        }
        return stored;
    }

    /**
     * Reports a stored row this log did not sign, once per row: by tree size only (its note and root are the
     * inserter's words). Returns the problem as the integrity health names it.
     */
    String passedOver(StoredCheckpoint row) {
        return report(row, "checkpoint at tree size " + row.treeSize() + ": its signed note does not verify with this log's keys, "
                + "or names another size or root; passed over (the latest checkpoint this log signed is served and signed on "
                + "from, and none is issued at this size) until an operator removes the row");
    }

    /**
     * Reports a stored row this log did not sign that is no newer than the latest one it did (below it, or met by its
     * size): the same alert and count as a row passed over above it, and counted once with it, since the latest signed
     * checkpoint grows past a row in the way. Such a row is never served, announced or taken as a checkpoint of this log.
     */
    public String notSigned(StoredCheckpoint row) {
        return report(row, "checkpoint at tree size " + row.treeSize() + ": its signed note does not verify with this log's keys, "
                + "or names another size or root; never served, announced or taken as this log's checkpoint, until an operator "
                + "removes the row");
    }

    private String report(StoredCheckpoint row, String problem) {
        String key = row.treeSize() + "/" + (row.rootHash() == null ? "" : HexFormat.of().formatHex(row.rootHash())) + "/"
                + String.valueOf(row.signedNote()).hashCode();
        if (reported.add(key)) {
            log.error("ALERT: audit log integrity violation at {}", problem);
            if (violations != null) {
                violations.increment();
            }
        }
        return problem;
    }

    /** The checkpoint rows the latest read passed over, for the integrity health. */
    public List<String> problems() {
        return problems;
    }
}
