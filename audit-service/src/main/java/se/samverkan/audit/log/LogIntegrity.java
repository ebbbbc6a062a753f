package se.samverkan.audit.log;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import se.samverkan.audit.tlog.CompactRange;
import se.samverkan.audit.tlog.MerkleProofs;
import se.samverkan.audit.tlog.Rfc6962;

import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Re-verifies the stored log in the background, in passes over every entry (not only the tree nodes): each
 * entry's bytes must hash to its stored leaf hash, its producer signature must verify ({@link EntrySignatures}: the
 * runtime role may INSERT, so a row it wrote can carry a correct leaf hash, but it cannot sign as a producer), its
 * search columns must say what its bytes say (the review rules read them), and the leaf hashes recomputed from the bytes must give the root of the latest signed checkpoint;
 * at the end of a pass the stored tree nodes must give that root too, and every checkpoint row below that checkpoint
 * must be one this log signed ({@link #checkCheckpointRows}). A pass advances
 * its paced share every {@code check-every} ({@link IntegrityProperties}), in chunks; before each chunk it gives way to
 * entries on their way into the log ({@link Sequencer#awaitQuiet}), for at most half a step in all, since both need
 * the same cores and database and the log's lag is what a compliance officer waits for. The schedule makes up what a
 * step did not read, so giving way does not stretch the pass; a pass behind its schedule (its step's share is the
 * ceiling) does not give way at all.
 * <p>
 * Comparing the columns with the bytes means parsing the entry, and verifying its signature, by far the dearest
 * parts. So an entry found whole (signature and columns) is sealed ({@link SearchSeals}), and a later pass compares
 * its columns with the seal instead; an entry whose seal is missing or does not match is parsed, verified and compared
 * again. The bytes are hashed on every pass, and the seal binds the leaf hash, so a sealed entry's bytes are still the
 * ones whose signature verified. Leaves newer than the latest checkpoint that the sequencer did not append itself are
 * checked by it ({@link UnexpectedLeaves}); what it found is part of this health too. Rows found not to be what was
 * signed, and leaves from the one the sequencer refused on, are {@link #distrusted}: nothing read from their columns
 * counts (a review decision, above all).
 * <p>
 * A mismatch turns the health DOWN at once (the pass need not finish), increments
 * {@code samverkan.audit.integrity.violations} and logs the leaf index and the kind of change, never the entry.
 * The health reflects the current pass and the last completed one, so a restored table turns UP again after one
 * clean pass; the signed checkpoints and the log keep the evidence.
 */
@Component("auditLogIntegrity")
public class LogIntegrity implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(LogIntegrity.class);
    private static final int MAX_PROBLEMS = 20;
    /** A scheduled step's budget: its share of a pass paced to the log's size (known once the pass has its target). */
    private static final int PACED = -1;
    private static final int CHUNK = 500;
    /**
     * The range is stated for the seals as well: PostgreSQL does not carry a range on the preserved side of a left
     * join over to the other side, and without it planned a sequential scan of every seal of the log, hashed, for
     * each chunk of 500 (21.5 ms a chunk on a 148,000-entry log under load, 59 % of audit-service's database time,
     * and growing with the log; docs/benchmarks.md, "Late morning: 2026-12-05"). Now both sides are index range scans.
     */
    static final String CHUNK_QUERY = "SELECT " + StoredRow.COLUMNS + """
            , s.seal
            FROM audit_entries e
                 LEFT JOIN audit_search_seals s ON s.leaf_index = e.leaf_index AND s.leaf_index >= ? AND s.leaf_index < ?
            WHERE e.leaf_index >= ? AND e.leaf_index < ? ORDER BY e.leaf_index""";

    /** What the check found; {@code problems} name leaf indexes and kinds of change only. */
    public record Verdict(String status, long passes, long verifiedThroughLeaf, long passTarget, List<String> problems,
                          Instant lastPassCompletedAt) {
    }

    private final JdbcTemplate jdbc;
    private final LogStore store;
    private final IntegrityProperties properties;
    private final SearchSeals seals;
    private final Counter violations;
    private final Counter parsed;
    private final Counter sealed;
    private final Timer gaveWay;
    private final Sequencer ingest;
    private final CheckpointNotes notes;
    /** null: producer signatures are not checked (tests of the pass's pace only) */
    private final EntrySignatures signatures;
    private final UnexpectedLeaves unexpected;
    /** null when signatures, notes or the sequencer's checks are not given (tests): nothing is proven one by one */
    private final ProvenLeaves proven;
    private final List<Object[]> toSeal = new ArrayList<>();
    /** null: every checkpoint row's note is verified on every pass (tests) */
    private final CheckpointSeals checkpointSeals;
    private boolean sealsFailing;

    // pass state, guarded by this
    private StoredCheckpoint target;
    private long targetSize = -1;
    private volatile long passBeganAt = System.nanoTime();
    private volatile Duration lastPassTook = Duration.ZERO;
    private long cursor;
    private long parsedEntries;
    private CompactRange recomputed;
    private List<String> current = new ArrayList<>();
    private List<String> lastCompleted = List.of();
    /** Leaves whose row is not what was signed, in the current and the last completed pass (as {@code problems}). */
    private final Set<Long> badRows = new TreeSet<>();
    private Set<Long> badRowsLastCompleted = Set.of();
    private volatile long[] badRowsSnapshot = new long[0];
    private long passes;
    /**
     * Leaves below this a pass of this process has checked: the first pass's cursor while it runs, then the target of
     * the last completed pass. Nothing beyond it is vouched for until both checks have run once ({@link #distrusted}).
     */
    private volatile long checkedBelow;
    private volatile boolean passedSinceStart;
    private Instant lastPassCompletedAt;
    private volatile Verdict snapshot;

    /** A check that never gives way (tests of what a step reads). */
    public LogIntegrity(JdbcTemplate jdbc, LogStore store, IntegrityProperties properties, SearchSeals seals,
                        MeterRegistry meters) {
        this(jdbc, store, properties, seals, meters, null);
    }

    public LogIntegrity(JdbcTemplate jdbc, LogStore store, IntegrityProperties properties, SearchSeals seals,
                        MeterRegistry meters, Sequencer ingest) {
        this(jdbc, store, properties, seals, meters, ingest, null);
    }

    /** @param notes checks each pass's checkpoint's signed note; null: the root column is taken as it is (tests) */
    public LogIntegrity(JdbcTemplate jdbc, LogStore store, IntegrityProperties properties, SearchSeals seals,
                        MeterRegistry meters, Sequencer ingest, CheckpointNotes notes) {
        this(jdbc, store, properties, seals, meters, ingest, notes, null, null);
    }

    /**
     * @param signatures verifies each parsed entry's producer signature; null: not checked (tests of the pace)
     * @param unexpected what the sequencer found among leaves it did not append; null: nothing (tests)
     */
    public LogIntegrity(JdbcTemplate jdbc, LogStore store, IntegrityProperties properties, SearchSeals seals,
                        MeterRegistry meters, Sequencer ingest, CheckpointNotes notes, EntrySignatures signatures,
                        UnexpectedLeaves unexpected) {
        this(jdbc, store, properties, seals, meters, ingest, notes, signatures, unexpected, null);
    }

    /** @param checkpointSeals spares verifying a checkpoint row's note again once it verified; null: verified every pass */
    @Autowired
    public LogIntegrity(JdbcTemplate jdbc, LogStore store, IntegrityProperties properties, SearchSeals seals,
                        MeterRegistry meters, Sequencer ingest, CheckpointNotes notes, EntrySignatures signatures,
                        UnexpectedLeaves unexpected, CheckpointSeals checkpointSeals) {
        this.checkpointSeals = checkpointSeals;
        this.signatures = signatures;
        this.unexpected = unexpected;
        this.proven = notes == null || signatures == null || unexpected == null ? null : new ProvenLeaves(store, notes, unexpected);
        this.notes = notes;
        this.ingest = ingest;
        this.gaveWay = Timer.builder("samverkan.audit.integrity.gave.way")
                .description("Waits of the integrity pass for entries on their way into the log").register(meters);
        this.jdbc = jdbc;
        this.store = store;
        this.properties = properties;
        this.seals = seals;
        this.violations = violations(meters);
        this.parsed = entriesChecked(meters, "parsed");
        this.sealed = entriesChecked(meters, "sealed");
    }

    private static Counter entriesChecked(MeterRegistry meters, String how) {
        return Counter.builder("samverkan.audit.integrity.entries").tag("columns", how)
                .description("Entries the integrity pass checked, by how it checked their search columns").register(meters);
    }

    @Override
    public Health health() {
        Verdict verdict = verdict();
        Health.Builder health = "UP".equals(verdict.status()) ? Health.up() : Health.down();
        health.withDetail("passes", verdict.passes())
                .withDetail("verifiedThroughLeaf", verdict.verifiedThroughLeaf())
                .withDetail("passTarget", verdict.passTarget());
        if (!verdict.problems().isEmpty()) {
            health.withDetail("problem", "the stored log does not match the signed log").withDetail("problems", verdict.problems());
        }
        return health.build();
    }

    /**
     * How long a pass takes, as far as known: the last completed pass's time, or the current pass's so far when that
     * is longer (a pass that never ends shows too). Above {@code pass-within}, a changed byte is found later than promised.
     */
    public Duration passTakes() {
        Duration current = Duration.ofNanos(System.nanoTime() - passBeganAt);
        Duration last = lastPassTook;
        return current.compareTo(last) > 0 ? current : last;
    }

    /** The latest verdict, without waiting for a running check step (searches show it). */
    public Verdict verdict() {
        Verdict verdict = snapshot;
        Verdict pass = verdict != null ? verdict : new Verdict("UP", 0, 0, 0, List.of(), null);
        List<String> found = new ArrayList<>(unexpected == null ? List.of() : unexpected.problems());
        if (notes != null) {
            found.addAll(notes.problems());
        }
        if (found.isEmpty()) {
            return pass;
        }
        // the sequencer's findings are beyond the latest checkpoint (none is signed over them), where no pass reads
        List<String> problems = new ArrayList<>(found);
        pass.problems().stream().filter(p -> !problems.contains(p)).forEach(problems::add);
        return new Verdict("DOWN", pass.passes(), pass.verifiedThroughLeaf(), pass.passTarget(),
                List.copyOf(problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS))), pass.lastPassCompletedAt());
    }

    /**
     * The leaves nothing may be read from now: those the sequencer refused to sign over, and those this pass or the
     * last completed one found not to be what was signed. Without waiting for a running step.
     * <p>
     * Both findings live in memory, so a restarted service knew none of them and trusted a forged leaf again until the
     * first pass came round. Until this process has completed a pass and its sequencer has checked the leaves after
     * the latest checkpoint, every leaf from the first one not checked yet is distrusted, and the answer says that
     * trust is not known yet ({@link DistrustedLeaves#known}).
     */
    public DistrustedLeaves distrusted() {
        UnexpectedLeaves.Checked sequencer = unexpected == null ? new UnexpectedLeaves.Checked(true, -1) : unexpected.checked();
        long from = sequencer.firstRefused();
        long[] rows = badRowsSnapshot;
        boolean known = passedSinceStart && sequencer.checked();
        if (!known) {
            long unchecked = checkedBelow;
            return new DistrustedLeaves(from < 0 ? unchecked : Math.min(from, unchecked), rows, false);
        }
        return from < 0 && rows.length == 0 ? DistrustedLeaves.NONE : new DistrustedLeaves(from, rows);
    }

    /**
     * {@link #distrusted}, with the given leaves proven one by one while trust in the whole log is not known yet
     * ({@link ProvenLeaves}: each row's own checks and an inclusion proof against the latest checkpoint this log
     * signed), so that a reader depending on exactly those leaves (one review item's decisions) need not wait for the
     * first pass after a restart. Known when each of them is settled; the sequencer must have checked the leaves after
     * the latest checkpoint first, since what follows a leaf it refused counts for nothing.
     */
    public DistrustedLeaves distrustedAmong(long[] leaves) {
        DistrustedLeaves all = distrusted();
        if (all.known() || proven == null) {
            return all;
        }
        UnexpectedLeaves.Checked sequencer = unexpected.checked();
        if (!sequencer.checked()) {
            return all;
        }
        return proven.among(all, sequencer.firstRefused(), leaves);
    }

    /**
     * The first leaf the sequencer refused to sign over, or -1; a new entry would follow it and count for nothing
     * until an operator removes it (and everything after it).
     */
    public long refusedFrom() {
        return unexpected == null ? -1 : unexpected.checked().firstRefused();
    }

    private void publishBadRows() {
        Set<Long> all = new TreeSet<>(badRows);
        all.addAll(badRowsLastCompleted);
        badRowsSnapshot = all.stream().mapToLong(Long::longValue).toArray();
    }

    private Verdict computeVerdict() {
        List<String> problems = new ArrayList<>(current);
        lastCompleted.stream().filter(p -> !problems.contains(p)).forEach(problems::add);
        return new Verdict(problems.isEmpty() ? "UP" : "DOWN", passes, cursor, Math.max(targetSize, 0),
                List.copyOf(problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS))), lastPassCompletedAt);
    }

    /** The first step at once: until a pass has completed, nothing read from the log's rows counts ({@link #distrusted}). */
    @Scheduled(fixedDelayString = "${samverkan.audit.integrity.check-every:1s}", initialDelay = 0)
    public void step() {
        try {
            if (notes != null) {
                // checkpoint rows this log did not sign show in the health while they are there, read or not
                notes.latestSigned(store);
            }
            advance(PACED);
        } catch (RuntimeException e) {
            log.warn("Audit log integrity check could not read the log, will retry: {}", e.getClass().getSimpleName());
            synchronized (this) {
                targetSize = -1;
            }
        }
    }

    /** Runs one whole pass now (for tests and start-up); returns the health afterwards. */
    public synchronized Health check() {
        targetSize = -1;
        while (!advance(Integer.MAX_VALUE)) {
            // advance returns true when a pass is complete
        }
        return health();
    }

    /** @param budget entries to read at most, or {@link #PACED}; @return true when this call completed a pass */
    private synchronized boolean advance(int budget) {
        try {
            return advanceUnpublished(budget);
        } finally {
            snapshot = computeVerdict();
        }
    }

    private boolean advanceUnpublished(int budget) {
        if (targetSize < 0) {
            // the latest checkpoint this log signed: a newer row the runtime role inserted is no target (its root is the inserter's)
            target = (notes == null ? store.latestCheckpoint() : notes.latestSigned(store)).orElse(null);
            targetSize = target == null ? 0 : target.treeSize();
            passBeganAt = System.nanoTime();
            cursor = 0;
            recomputed = CompactRange.empty();
            current = new ArrayList<>();
            badRows.clear();
        }
        long left = budget == PACED
                ? properties.entriesForStep(targetSize, cursor, Duration.ofNanos(System.nanoTime() - passBeganAt)) : budget;
        // a pass behind its schedule (the step's share is the ceiling) gives way no more: the promise comes first
        boolean onSchedule = left < properties.entriesPerCheck();
        Duration mayWait = budget == PACED && ingest != null && onSchedule ? properties.giveWayPerStep() : Duration.ZERO;
        // a scheduled step also stops once it has parsed its share: reading sealed entries is cheap, parsing is not
        long parseLeft = budget == PACED ? properties.parsedEntriesPerCheck() : Long.MAX_VALUE;
        long parsedBefore = parsedEntries;
        while (cursor < targetSize && left > 0 && parsedEntries - parsedBefore < parseLeft) {
            if (mayWait.isPositive()) {
                mayWait = mayWait.minus(giveWay(mayWait));
            }
            long from = cursor;
            // no more rows than could all need parsing within the step's share
            long chunk = Math.min(Math.min(left, CHUNK), parseLeft - (parsedEntries - parsedBefore));
            long to = Math.min(cursor + chunk, targetSize);
            List<Row> rows = jdbc.query(CHUNK_QUERY, LogIntegrity::row, from, to, from, to);
            for (Row row : rows) {
                if (row.leafIndex() > cursor) {
                    missing(cursor, row.leafIndex());
                }
                verify(row);
                cursor = row.leafIndex() + 1;
            }
            writeSeals();
            if (cursor < to) {
                missing(cursor, to);
                cursor = to;
            }
            checkCheckpointRows(from, to);
            left -= to - from;
            if (!passedSinceStart) {
                checkedBelow = cursor;
            }
        }
        if (cursor < targetSize) {
            return false;
        }
        if (target != null) {
            if (notes != null && !notes.signs(target)) {
                problem(targetSize, "the checkpoint's signed note does not verify with this log's keys, or names another size or root");
            }
            if (recomputed != null && !MessageDigest.isEqual(recomputed.root(), target.rootHash())) {
                problem(targetSize, "the entries' bytes do not hash to the root of the signed checkpoint of this size");
            }
            try {
                if (!MessageDigest.isEqual(new MerkleProofs(store).root(target.treeSize()), target.rootHash())) {
                    problem(targetSize, "the stored tree nodes do not give the root of the signed checkpoint of this size");
                }
            } catch (IllegalStateException missingNode) {
                problem(targetSize, "stored tree nodes are missing");
            }
        }
        lastCompleted = List.copyOf(current);
        current = new ArrayList<>();
        badRowsLastCompleted = Set.copyOf(badRows);
        badRows.clear();
        publishBadRows();
        checkedBelow = targetSize;
        passedSinceStart = true;
        passes++;
        lastPassCompletedAt = Instant.now();
        long now = System.nanoTime();
        lastPassTook = Duration.ofNanos(now - passBeganAt);
        // between passes the duration gauge shows this pass's time, not the time since it began
        passBeganAt = now;
        targetSize = -1;
        return true;
    }

    /**
     * The checkpoint rows of sizes in {@code [from, to)}, below the pass's target: the runtime role may INSERT a row at
     * any size no checkpoint holds, below the latest one this log signed as well as above it. Such a row is refused
     * where it is looked up by its size, but only those above the latest were reported; now the pass names every one
     * while it stands, as {@link CheckpointNotes} names those above (the same alert, counted once). A row whose note
     * verified once is sealed ({@link CheckpointSeals}), so a note is verified once, not on every pass or start; a
     * verification costs about what an entry's producer signature does, so it counts against the step's parse share.
     */
    private void checkCheckpointRows(long from, long to) {
        if (notes == null) {
            return;
        }
        List<Object[]> newSeals = new ArrayList<>();
        for (LogStore.SealedCheckpoint sealed : store.checkpointsBetween(from, to)) {
            StoredCheckpoint row = sealed.checkpoint();
            if (checkpointSeals != null && checkpointSeals.matches(sealed.seal(), row)) {
                continue;
            }
            parsedEntries++;
            if (notes.signs(row)) {
                if (checkpointSeals != null) {
                    newSeals.add(new Object[]{row.treeSize(), checkpointSeals.seal(row)});
                }
                continue;
            }
            String problem = notes.notSigned(row);
            if (!current.contains(problem)) {
                current.add(problem);
                // DOWN at once, not only when the step ends
                snapshot = computeVerdict();
            }
        }
        if (!newSeals.isEmpty()) {
            try {
                store.sealCheckpoints(newSeals);
            } catch (DataAccessException e) {
                // seals only save work: without them the next pass verifies these notes again
                log.warn("Audit log integrity check could not record checkpoint seals: {}", e.getClass().getSimpleName());
            }
        }
    }

    /** @return how long it waited for the ingest to fall quiet, at most {@code mayWait} */
    private Duration giveWay(Duration mayWait) {
        try {
            Duration waited = ingest.awaitQuiet(mayWait);
            if (waited.isPositive()) {
                gaveWay.record(waited);
            }
            return waited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return mayWait;
        }
    }

    /** A stored entry and the seal a pass wrote for it (null: none). */
    private record Row(StoredRow stored, byte[] seal) {

        long leafIndex() {
            return stored.leafIndex();
        }
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(StoredRow.read(rs), rs.getBytes(14));
    }

    private void verify(Row row) {
        StoredRow stored = row.stored();
        byte[] leafHash = Rfc6962.leafHash(stored.entry());
        if (recomputed != null) {
            recomputed.append(leafHash);
        }
        boolean hashMatches = MessageDigest.isEqual(leafHash, stored.leafHash());
        if (!hashMatches) {
            badRow(row.leafIndex(), "its bytes do not hash to its stored leaf hash");
        } else if (seals.matches(row.seal(), row.leafIndex(), stored.leafHash(), stored.columns())) {
            // the columns are as they were when a pass last found them to say what the bytes say, which still hash as signed
            sealed.increment();
            return;
        }
        parsed.increment();
        parsedEntries++;
        boolean signed = verifySignature(stored);
        if (verifyColumns(stored) && hashMatches && signed) {
            toSeal.add(new Object[]{row.leafIndex(), seals.seal(row.leafIndex(), stored.leafHash(), stored.columns())});
        }
    }

    /** @return true when the bytes are what their producer signed (or signatures are not checked) */
    private boolean verifySignature(StoredRow row) {
        String why = signatures == null ? null : signatures.problem(row.leafIndex(), row.entry());
        if (why != null) {
            badRow(row.leafIndex(), why);
            return false;
        }
        return true;
    }

    /** @return true when the columns say what the bytes say */
    private boolean verifyColumns(StoredRow row) {
        String why = row.columnsProblem();
        if (why != null) {
            badRow(row.leafIndex(), why);
            return false;
        }
        return true;
    }

    private void writeSeals() {
        if (toSeal.isEmpty()) {
            return;
        }
        try {
            jdbc.batchUpdate("""
                    INSERT INTO audit_search_seals (leaf_index, seal) VALUES (?, ?)
                    ON CONFLICT (leaf_index) DO UPDATE SET seal = EXCLUDED.seal""", toSeal);
            sealsFailing = false;
        } catch (DataAccessException e) {
            // seals only save work: without them the next pass parses these entries again
            if (!sealsFailing) {
                log.warn("Audit log integrity check could not record its seals, will parse the entries again: {}",
                        e.getClass().getSimpleName());
            }
            sealsFailing = true;
        } finally {
            toSeal.clear();
        }
    }

    private void missing(long from, long to) {
        problem(from, to - from == 1 ? "missing: the row was deleted or moved"
                : "missing with the " + (to - from - 1) + " leaves after it: the rows were deleted or moved");
        // the recomputed root cannot match any more; the rest of the pass still checks every row that is there
        recomputed = null;
    }

    /** The count the integrity alert watches: whatever in the database does not match what the service signed or sealed. */
    public static Counter violations(MeterRegistry meters) {
        return Counter.builder("samverkan.audit.integrity.violations")
                .description("Stored audit entries, columns, tree nodes or review items that do not match the signed log")
                .register(meters);
    }

    /**
     * A row that is not what was signed: its columns (a review decision's reference, above all) must not be relied
     * on while it is there ({@link #distrusted}).
     */
    private void badRow(long leafIndex, String what) {
        if (badRows.add(leafIndex)) {
            publishBadRows();
        }
        problem(leafIndex, what);
    }

    private void problem(long leafIndex, String what) {
        String problem = "leaf " + leafIndex + ": " + what;
        if (!current.contains(problem) && !lastCompleted.contains(problem)) {
            // leaf index and kind of change only: the entry itself may hold personal data
            log.error("Audit log integrity violation at {}", problem);
            violations.increment();
        }
        if (!current.contains(problem)) {
            current.add(problem);
            // DOWN at once, not only when the step ends
            snapshot = computeVerdict();
        }
    }
}
