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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

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
    /** Rows above the bound read one by one ({@link #latestSigned}); those beyond are counted. */
    static final int READ_ABOVE_BOUND = 16;
    /** Rows at or below the bound read at most, down to the newest signed one. */
    static final int READ_BELOW_BOUND = 1_000;
    /** Rows beyond those read above the bound are counted up to this many. */
    static final long COUNTED_ABOVE = 10_000;
    private static final LongSupplier NO_BOUND = () -> -1;
    /** The leading sequencer's latest signed size, or -1 (then the stored log's size bounds it). */
    private final AtomicReference<LongSupplier> bound = new AtomicReference<>(NO_BOUND);

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
     * Tells the readers of the latest checkpoint the largest size this process knows a checkpoint of this log to have:
     * the leading sequencer's latest signed size ({@code -1} while it does not lead). Replaces any bound given before.
     */
    void boundBy(LongSupplier signedSize) {
        bound.set(signedSize);
    }

    /** Withdraws this bound if it is still the one in force (a sequencer that stops leading). */
    void unbound(LongSupplier signedSize) {
        bound.compareAndSet(signedSize, NO_BOUND);
    }

    /**
     * The latest checkpoint this log signed: the newest stored row whose note verifies, read from a bound this process
     * can vouch for, not from the newest row. Every row above the newest signed one is passed over and reported
     * ({@link #problems}).
     * <p>
     * Reading down from the newest row verified every row on the way (about a millisecond each), and the runtime role
     * may INSERT rows at any size: 100,000 of them far ahead of the log made every reader (the public latest
     * checkpoint, the gauges, the integrity pass's target) take about 100 s, a read. The bound: on the leader, the size
     * of the latest checkpoint its sequencer signed (it is the only signer, and signs in order of size); elsewhere (a
     * standby, a sequencer not leading yet) the size of the stored log, as no checkpoint of this log is larger than
     * the leaves it holds. Above the bound, the {@value #READ_ABOVE_BOUND} rows nearest it are read one by one (a
     * checkpoint being issued right now, before the leader's bound moves, is served; one that shows leaves gone is
     * still found); the rows beyond those are counted, not verified, and reported as one problem. At or below it, at
     * most {@value #READ_BELOW_BOUND} rows are read down to the newest signed one; if none of them is, none is
     * served, and that is reported too.
     */
    public Optional<StoredCheckpoint> latestSigned(LogStore store) {
        // the usual case: the newest row is this log's, one row read
        Optional<StoredCheckpoint> newest = store.latestCheckpoint();
        if (newest.isEmpty() || signs(newest.get())) {
            problems = List.of();
            return newest;
        }
        long signedSize = bound.get().getAsLong();
        return latestSigned(store, newest.get().treeSize(), signedSize >= 0 ? signedSize : store.size(), READ_BELOW_BOUND);
    }

    /**
     * For a sequencer about to lead, which starts its tree from the answer: as {@link #latestSigned(LogStore)} from the
     * stored log's size, but reading every row at or below it down to the newest signed one, however many there are
     * (rare, and the price of taking the lead: a term started from no checkpoint would check every leaf of the log).
     */
    Optional<StoredCheckpoint> latestSignedToLead(LogStore store) {
        Optional<StoredCheckpoint> newest = store.latestCheckpoint();
        if (newest.isEmpty() || signs(newest.get())) {
            problems = List.of();
            return newest;
        }
        return latestSigned(store, newest.get().treeSize(), store.size(), Integer.MAX_VALUE);
    }

    /**
     * As {@link #latestSigned(LogStore)}, from this bound (the largest size this process can vouch for), reading at most
     * {@code maxBelow} rows at or below it; {@code newest} is the largest size stored.
     */
    private Optional<StoredCheckpoint> latestSigned(LogStore store, long newest, long bound, int maxBelow) {
        List<String> passedOver = new ArrayList<>();
        StoredCheckpoint found = null;
        List<StoredCheckpoint> above = store.checkpointsAbove(bound, READ_ABOVE_BOUND);
        for (StoredCheckpoint row : above) {
            if (signs(row)) {
                found = row;
            }
        }
        for (StoredCheckpoint row : above) {
            if (found == null || row.treeSize() > found.treeSize()) {
                passedOver.add(passedOver(row));
            } else if (row != found && !signs(row)) {
                passedOver.add(notSigned(row));
            }
        }
        if (above.size() == READ_ABOVE_BOUND) {
            long rest = store.countCheckpointsAbove(above.getLast().treeSize(), COUNTED_ABOVE);
            if (rest > 0) {
                // first: the health lists a bounded number of problems
                passedOver.addFirst(notRead(above.getLast().treeSize(), rest, newest));
            }
        }
        if (found != null) {
            problems = List.copyOf(passedOver);
            return Optional.of(found);
        }
        long below = bound == Long.MAX_VALUE ? Long.MAX_VALUE : bound + 1;
        int read = 0;
        while (read < maxBelow) {
            int asked = Math.min(CHECKPOINTS_AT_ONCE, maxBelow - read);
            List<StoredCheckpoint> rows = store.checkpointsBelow(below, asked);
            for (StoredCheckpoint row : rows) {
                read++;
                if (signs(row)) {
                    problems = List.copyOf(passedOver);
                    return Optional.of(row);
                }
                passedOver.add(passedOver(row));
            }
            if (rows.size() < asked) {
                problems = List.copyOf(passedOver);
                return Optional.empty();
            }
            below = rows.getLast().treeSize();
        }
        passedOver.addFirst(report("none-signed-below/" + below, "checkpoint rows below tree size " + below + ": not read, after the "
                + maxBelow + " rows above them, up to tree size " + bound + ", did not verify with this log's keys; no "
                + "checkpoint of this log is served from this instance until an operator removes the rows that do not verify"));
        problems = List.copyOf(passedOver);
        return Optional.empty();
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

    /**
     * Reports the rows above the ones read one by one above the bound: not verified (there may be any number of them),
     * and none of them is served, announced or signed on from. One problem, counted once for as long as the first of
     * them is the same row size.
     */
    private String notRead(long lastRead, long rest, long newest) {
        return report("not-read-above/" + lastRead, (rest >= COUNTED_ABOVE ? "at least " : "") + rest
                + " more checkpoint row(s) above tree size " + lastRead + ", up to tree size " + newest
                + ", beyond the latest checkpoint this log signed: not verified one by one; none is served, announced or "
                + "signed on from until an operator removes them");
    }

    private String report(StoredCheckpoint row, String problem) {
        String key = row.treeSize() + "/" + (row.rootHash() == null ? "" : HexFormat.of().formatHex(row.rootHash())) + "/"
                + String.valueOf(row.signedNote()).hashCode();
        return report(key, problem);
    }

    private String report(String key, String problem) {
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
