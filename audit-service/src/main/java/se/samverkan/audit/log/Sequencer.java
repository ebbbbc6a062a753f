package se.samverkan.audit.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.audit.tlog.CompactRange;
import se.samverkan.audit.tlog.Rfc6962;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The only writer of the log, across instances: it writes only while it holds the PostgreSQL leader lock
 * ({@link LeaderLock}); a standby instance accepts nothing and retries the lock until the leader goes away. Callers hand over entries and wait for the future; one thread drains the queue,
 * gives each new entry the next leaf index, and stores entries, completed tree nodes and what the append listeners
 * derive in one transaction per batch. A future completes only after its entries are committed, so a Kafka offset
 * committed after waiting on it never points past an entry that could be lost; a crash before that commit means
 * redelivery, and the unique event id turns redelivery into a no-op.
 * <p>
 * Each batch transaction checks that the lock session is still alive before it commits, so an instance that has
 * lost the lock (its session died) stops appending at once instead of racing the new leader; the leaf index
 * primary key would reject a clash anyway, but a clash should not happen in the first place.
 */
@Component
public class Sequencer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Sequencer.class);
    /** Leaf hashes read at once when the tree is extended from stored leaves. */
    private static final int EXTEND_CHUNK = 10_000;

    /** {@code whileSignable}: refused while the log holds a leaf this sequencer refused to sign over. */
    private record Submission(List<PendingEntry> entries, CompletableFuture<List<AppendResult>> done, boolean whileSignable) {
    }

    private record CheckpointRequest(CompletableFuture<StoredCheckpoint> done) {
    }

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    /** Entries on their way in: submissions not yet committed, and polls still being verified ({@link #incoming()}). */
    private final AtomicInteger incoming = new AtomicInteger();
    private final Object quiet = new Object();
    private final LogStore store;
    private final TransactionTemplate transactions;
    private final List<AppendListener> listeners;
    private final CheckpointSigner signer;
    private final AuditProperties properties;
    private final Clock clock;
    private final LeaderLock lock;
    private final ApplicationEventPublisher events;
    /** Checks leaves this instance finds in the log without having written them; null: adopted unchecked (tests only). */
    private final UnexpectedLeaves unexpected;
    /** Where a new term starts from: the newest signed checkpoint's tree; null when {@code unexpected} is. */
    private final CheckpointedTree signedTree;
    /** Which stored checkpoints this log signed; null when {@code unexpected} is (stored rows are taken as they are). */
    private final CheckpointNotes notes;

    private volatile boolean running;
    private volatile boolean leader;
    private volatile long terms;
    private long lastLeaseCheck;
    private Thread writer;
    private CompactRange range;
    /**
     * The size of the latest checkpoint this instance signed (or started its term from). Volatile: the readers of the
     * latest checkpoint and the outbox bound their reads by it ({@link #signedSize}).
     */
    private volatile long checkpointedSize;
    /** {@link #signedSize}, as handed to {@link CheckpointNotes#boundBy} (one instance, so it can be withdrawn). */
    private final java.util.function.LongSupplier signedBound = this::signedSize;
    private Instant lastCheckpointAt;
    /** The store's size at which leaves inserted behind this instance's back left a gap: checked, not adopted, not again. */
    private long gapAt = -1;
    /** A size at which a checkpoint row this log did not sign is in the way (-1: none): not tried again every cycle. */
    private long occupiedAt = -1;
    /** Why this instance refuses to lead (the stored log is not what its newest checkpoint signs), or null. */
    private volatile String refusal;

    @Autowired
    public Sequencer(LogStore store, TransactionTemplate transactions, List<AppendListener> listeners,
                     CheckpointSigner signer, AuditProperties properties, Clock clock, ApplicationEventPublisher events,
                     @Value("${spring.datasource.url}") String url, @Value("${spring.datasource.username}") String username,
                     @Value("${spring.datasource.password:}") String password, UnexpectedLeaves unexpected,
                     CheckpointNotes notes) {
        this(store, transactions, listeners, signer, properties, clock, new LeaderLock(url, username, password), events,
                unexpected, notes);
    }

    /** A sequencer that adopts leaves it did not write unchecked: for tests of leadership and benchmarks only. */
    public Sequencer(LogStore store, TransactionTemplate transactions, List<AppendListener> listeners,
                     CheckpointSigner signer, AuditProperties properties, Clock clock, LeaderLock lock,
                     ApplicationEventPublisher events) {
        this(store, transactions, listeners, signer, properties, clock, lock, events, null, null);
    }

    /** @param notes verifies the newest checkpoint a new term starts from; required with {@code unexpected} */
    public Sequencer(LogStore store, TransactionTemplate transactions, List<AppendListener> listeners,
                     CheckpointSigner signer, AuditProperties properties, Clock clock, LeaderLock lock,
                     ApplicationEventPublisher events, UnexpectedLeaves unexpected, CheckpointNotes notes) {
        if (unexpected != null && notes == null) {
            throw new IllegalArgumentException("a sequencer that checks leaves it did not write checks its checkpoints' notes too");
        }
        this.unexpected = unexpected;
        this.signedTree = unexpected == null ? null : new CheckpointedTree(store, notes);
        this.notes = unexpected == null ? null : notes;
        this.lock = lock;
        this.events = events;
        this.store = store;
        this.transactions = transactions;
        this.listeners = listeners;
        this.signer = signer;
        this.properties = properties;
        this.clock = clock;
    }

    public CompletableFuture<List<AppendResult>> submit(List<PendingEntry> entries) {
        return submit(entries, false);
    }

    private CompletableFuture<List<AppendResult>> submit(List<PendingEntry> entries, boolean whileSignable) {
        if (!running) {
            return CompletableFuture.failedFuture(new LogUnavailableException("the audit log sequencer is not running", null));
        }
        if (!leader) {
            return CompletableFuture.failedFuture(standby());
        }
        CompletableFuture<List<AppendResult>> done = new CompletableFuture<>();
        if (entries.isEmpty()) {
            done.complete(List.of());
        } else {
            Incoming waiting = incoming();
            done.whenComplete((results, failure) -> waiting.close());
            queue.add(new Submission(List.copyOf(entries), done, whileSignable));
        }
        return done;
    }

    /** Marks entries on their way into the log until closed; background readers of the log give way meanwhile. */
    public Incoming incoming() {
        incoming.incrementAndGet();
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true) && incoming.decrementAndGet() == 0) {
                synchronized (quiet) {
                    quiet.notifyAll();
                }
            }
        };
    }

    /** Entries on their way in, for as long as it is open; closing it twice counts once. */
    public interface Incoming extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits until nothing is on its way into the log, at most {@code max}; for background work that competes with
     * the ingest for the same cores and database (the integrity pass).
     *
     * @return how long it waited
     */
    public Duration awaitQuiet(Duration max) throws InterruptedException {
        if (incoming.get() == 0) {
            return Duration.ZERO;
        }
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        synchronized (quiet) {
            long left;
            while (incoming.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(quiet, left);
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Appends and waits; for request threads that must not answer before their entry is in the log. */
    public AppendResult append(PendingEntry entry) {
        return await(submit(List.of(entry))).getFirst();
    }

    /**
     * Appends and waits, unless the log holds a leaf this sequencer refused to sign over: an entry after it counts for
     * nothing (a review decision above all), and the remedy removes it. Decided on the sequencer's thread, so a leaf
     * found between the caller's own look and the append is not appended over either.
     */
    public AppendResult appendWhileSignable(PendingEntry entry) {
        return await(submit(List.of(entry), true)).getFirst();
    }

    /** Issues a checkpoint covering everything appended so far (or returns the latest if nothing is new). */
    public StoredCheckpoint checkpointNow() {
        if (!leader) {
            throw standby();
        }
        CompletableFuture<StoredCheckpoint> done = new CompletableFuture<>();
        queue.add(new CheckpointRequest(done));
        return await(done);
    }

    private <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(properties.appendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException("interrupted while waiting for the audit log", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LogUnavailableException unavailable) {
                throw unavailable;
            }
            throw new LogUnavailableException("the audit log could not append in time", e);
        } catch (TimeoutException e) {
            throw new LogUnavailableException("the audit log could not append in time", e);
        }
    }

    @Override
    public void start() {
        running = true;
        // a lone instance leads from the first moment; otherwise the writer thread keeps trying
        if (!tryToLead()) {
            log.info("Audit log sequencer started as standby: another instance holds the leader lock");
        }
        writer = Thread.ofPlatform().name("audit-sequencer").daemon(false).start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        if (leader) {
            events.publishEvent(new LeadershipChanged(false));
        }
        if (writer != null) {
            writer.interrupt();
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // start before the Kafka listener containers, stop after them
        return Integer.MAX_VALUE - 1000;
    }

    public long size() {
        CompactRange current = range;
        return current == null ? 0 : current.size();
    }

    public boolean isLeader() {
        return leader;
    }

    /**
     * While this instance leads: the size of the latest checkpoint it signed (or started its term from), the largest
     * size a checkpoint of this log has, as the only signer signs in order of size; a row stored above it is none of
     * this log's, bar the one being issued this moment. -1 on a standby, which knows no such size.
     */
    public long signedSize() {
        return leader ? checkpointedSize : -1;
    }

    /** Why this instance refuses to lead, or null: the stored log is not what its newest signed checkpoint signs. */
    public String refusal() {
        return refusal;
    }

    /** How many times this instance has taken the lead. */
    public long terms() {
        return terms;
    }

    /** The PostgreSQL session holding the leader lock (0 when not leading). */
    public int leaderLockBackendPid() {
        return lock.backendPid();
    }

    private void run() {
        lastLeaseCheck = System.nanoTime();
        while (running) {
            try {
                if (!leader) {
                    Object waiting = queue.poll(properties.leaderCheckEvery().toMillis(), TimeUnit.MILLISECONDS);
                    if (waiting != null) {
                        fail(waiting, standby());
                    }
                    if (running) {
                        tryToLead();
                    }
                    continue;
                }
                if (System.nanoTime() - lastLeaseCheck >= properties.leaderCheckEvery().toNanos()) {
                    lastLeaseCheck = System.nanoTime();
                    if (!lock.stillHeld()) {
                        stepDown("its lock session is gone");
                        continue;
                    }
                    noticeInsertedLeaves();
                }
                Object first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    List<Object> work = new ArrayList<>();
                    work.add(first);
                    queue.drainTo(work, Math.max(1, properties.batchSize()));
                    process(work);
                }
                if (range.size() > checkpointedSize && range.size() != occupiedAt && signable(range.size())
                        && (range.size() - checkpointedSize >= properties.checkpointEveryEntries()
                        || !clock.instant().isBefore(lastCheckpointAt.plus(properties.checkpointEvery())))) {
                    issueCheckpoint();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                log.error("Audit log sequencer cycle failed ({}); state reloaded from the database", describe(e));
                log.debug("Sequencer failure detail", e);
                reload();
            }
        }
        List<Object> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(item -> fail(item, new LogUnavailableException("the audit log is shutting down", null)));
        leader = false;
        if (notes != null) {
            notes.unbound(signedBound);
        }
        lock.release();
    }

    private boolean tryToLead() {
        if (!lock.tryAcquire()) {
            return false;
        }
        try {
            lastCheckpointAt = clock.instant();
            if (unexpected == null) {
                // tests of leadership and benchmarks: whatever is stored is taken as it is
                StoredCheckpoint latest = store.latestCheckpoint().orElse(null);
                checkpointedSize = latest == null ? 0 : latest.treeSize();
                range = CompactRange.of(store.size(), store);
            } else if (!startFromSignedCheckpoint()) {
                lock.release();
                return false;
            }
        } catch (RuntimeException e) {
            log.error("Took the audit log leader lock but could not load the log ({}); releasing it", describe(e));
            lock.release();
            return false;
        }
        lastLeaseCheck = System.nanoTime();
        leader = true;
        if (notes != null) {
            notes.boundBy(signedBound);
        }
        terms++;
        log.info("This instance now writes the audit log, from tree size {}", range.size());
        events.publishEvent(new LeadershipChanged(true));
        return true;
    }

    /**
     * A new term starts from the tree of the newest checkpoint this log signed ({@link CheckpointedTree}), not from
     * stored nodes at the store's full size: leaves inserted after it without nodes above them stopped every attempt to
     * lead, and nodes written ahead of the log by the runtime role became part of the tree this term signed. What
     * follows the checkpoint (the former leader may have appended up to its last moment, and anyone with the runtime
     * role could have appended there as well) is checked before this term signs over it, and added from its leaf
     * hashes, never from the nodes stored beside them.
     *
     * @return false when the stored log is not what the checkpoint signed: this instance does not lead
     */
    private boolean startFromSignedCheckpoint() {
        CheckpointedTree.Start start = signedTree.load();
        if (start instanceof CheckpointedTree.NotSigned notSigned) {
            if (!notSigned.again()) {
                unexpected.reset();
                unexpected.notSigned(notSigned.why());
            }
            refusal = notSigned.why();
            return false;
        }
        refusal = null;
        unexpected.reset();
        CheckpointedTree.Anchor anchor = start.anchor();
        CompactRange signed = switch (start) {
            case CheckpointedTree.FromNodes fromNodes -> fromNodes.range();
            case CheckpointedTree.FromLeaves fromLeaves -> {
                log.error("ALERT: audit log integrity violation under the signed checkpoint at tree size {}: {}; its leaves give "
                        + "the root it signs, so this instance goes on from them", anchor.size(), fromLeaves.storedNodes());
                // missing nodes are written; one stored with another hash is left, and named by position
                writeNodes(fromLeaves.edge());
                yield fromLeaves.range();
            }
            case CheckpointedTree.NotSigned notSigned -> throw new IllegalStateException(notSigned.why());
        };
        checkpointedSize = anchor.size();
        long committed = store.size();
        // checked even when nothing is there: only then does this process know (UnexpectedLeaves.Checked)
        unexpected.check(checkpointedSize, committed);
        range = extend(signed, committed);
        gapAt = range.size() < committed ? committed : -1;
        return true;
    }

    private void stepDown(String why) {
        leader = false;
        if (notes != null) {
            notes.unbound(signedBound);
        }
        lock.release();
        log.warn("This instance stopped writing the audit log: {}; standing by", why);
        List<Object> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(item -> fail(item, standby()));
        events.publishEvent(new LeadershipChanged(false));
    }

    private static LogUnavailableException standby() {
        return new LogUnavailableException("this audit-service instance is on standby; another instance writes the audit log", null);
    }

    private void process(List<Object> work) {
        List<Submission> submissions = new ArrayList<>();
        List<CheckpointRequest> checkpointRequests = new ArrayList<>();
        for (Object item : work) {
            if (item instanceof Submission s) {
                submissions.add(s);
            } else if (item instanceof CheckpointRequest c) {
                checkpointRequests.add(c);
            }
        }
        if (unexpected != null && unexpected.firstRefused() >= 0) {
            submissions.removeIf(s -> {
                if (s.whileSignable()) {
                    s.done().completeExceptionally(new LogUnavailableException("the audit log holds leaf " + unexpected.firstRefused()
                            + ", which its sequencer refused to sign over; what would follow it waits until it is removed "
                            + "(see the auditLogIntegrity health)", null));
                }
                return s.whileSignable();
            });
        }
        for (int from = 0; from < submissions.size(); ) {
            if (!leader) {
                submissions.subList(from, submissions.size()).forEach(s -> s.done().completeExceptionally(standby()));
                break;
            }
            // a transaction takes whole submissions up to the batch size, so each caller's entries commit together
            int to = from;
            int rows = 0;
            while (to < submissions.size() && (to == from || rows + submissions.get(to).entries().size() <= properties.batchSize())) {
                rows += submissions.get(to).entries().size();
                to++;
            }
            List<Submission> batch = submissions.subList(from, to);
            try {
                Map<Submission, List<AppendResult>> results = appendBatch(batch);
                batch.forEach(s -> s.done().complete(results.get(s)));
            } catch (RuntimeException e) {
                // database messages can quote the failing row, so the cause goes to DEBUG only
                log.error("Appending a batch of {} entries failed ({}); the callers will retry", rows, describe(e));
                log.debug("Append failure detail", e);
                batch.forEach(s -> s.done().completeExceptionally(e));
                if (e instanceof LeadershipLostException) {
                    stepDown("another session may hold the leader lock");
                } else {
                    reload();
                }
            }
            from = to;
        }
        if (!checkpointRequests.isEmpty()) {
            try {
                if (!signable(range.size())) {
                    throw new LogUnavailableException("the audit log holds leaf " + unexpected.firstRefused()
                            + ", which this service did not append and whose producer signature does not verify; no checkpoint"
                            + " is signed over it (see the auditLogIntegrity health)", null);
                }
                StoredCheckpoint latest = range.size() > checkpointedSize ? null : latestSigned().orElse(null);
                StoredCheckpoint checkpoint = latest != null ? latest : issueCheckpoint();
                if (checkpoint == null) {
                    throw new LogUnavailableException("a checkpoint row at tree size " + range.size() + " that this log did not "
                            + "sign is in the way; no checkpoint is issued at that size until an operator removes it (see the "
                            + "auditLogIntegrity health)", null);
                }
                checkpointRequests.forEach(r -> r.done().complete(checkpoint));
            } catch (RuntimeException e) {
                checkpointRequests.forEach(r -> r.done().completeExceptionally(e));
            }
        }
    }

    private Map<Submission, List<AppendResult>> appendBatch(List<Submission> batch) {
        Set<UUID> ids = new HashSet<>();
        batch.forEach(s -> s.entries().forEach(e -> ids.add(e.eventId())));
        CompactRange next = range.copy();
        int lockSession = lock.backendPid();
        Map<Submission, List<AppendResult>> results = transactions.execute(tx -> {
            if (!store.leaderLockHeldBy(lockSession)) {
                throw new LeadershipLostException();
            }
            Map<UUID, Long> known = new HashMap<>(store.existing(ids));
            List<AppendedEntry> appended = new ArrayList<>();
            List<byte[]> leafHashes = new ArrayList<>();
            List<CompactRange.Node> nodes = new ArrayList<>();
            // by identity: a record's hashCode would hash every entry of the submission, on the log's one thread
            Map<Submission, List<AppendResult>> out = new java.util.IdentityHashMap<>();
            for (Submission submission : batch) {
                List<AppendResult> submissionResults = new ArrayList<>();
                for (PendingEntry entry : submission.entries()) {
                    Long existing = known.get(entry.eventId());
                    if (existing != null) {
                        submissionResults.add(new AppendResult(entry.eventId(), existing, true));
                        continue;
                    }
                    long leafIndex = next.size();
                    byte[] leafHash = Rfc6962.leafHash(entry.bytes());
                    for (CompactRange.Node node : next.append(leafHash)) {
                        if (node.level() > 0) {
                            nodes.add(node);
                        }
                    }
                    appended.add(new AppendedEntry(leafIndex, entry));
                    leafHashes.add(leafHash);
                    known.put(entry.eventId(), leafIndex);
                    submissionResults.add(new AppendResult(entry.eventId(), leafIndex, false));
                }
                out.put(submission, submissionResults);
            }
            if (!appended.isEmpty()) {
                store.insertEntries(appended, leafHashes);
                writeNodes(nodes);
                listeners.forEach(listener -> listener.appended(appended));
            }
            return out;
        });
        range = next;
        return results;
    }

    /**
     * Signs and stores a checkpoint at the current size. The runtime role may INSERT a checkpoint row at the size the
     * log reaches next; the insert then does nothing, and that row, its root whatever the inserter chose, was returned
     * as issued (and published). A row at this size is issued only when it is what this log signed.
     *
     * @return the checkpoint issued, or null when a row this log did not sign holds the size (reported as a violation;
     * the next checkpoint waits for a larger size, or for an operator to remove the row)
     */
    private StoredCheckpoint issueCheckpoint() {
        long size = range.size();
        byte[] root = range.root();
        StoredCheckpoint checkpoint = new StoredCheckpoint(size, root, signer.sign(size, root), UUID.randomUUID(),
                clock.instant());
        store.insertCheckpoint(checkpoint);
        StoredCheckpoint stored = store.checkpoint(size).orElse(checkpoint);
        boolean ours = MessageDigest.isEqual(stored.rootHash(), root)
                && (notes == null ? stored.signedNote().equals(checkpoint.signedNote()) : notes.signs(stored));
        if (!ours) {
            if (notes != null) {
                notes.passedOver(stored);
            }
            if (occupiedAt != size) {
                log.error("ALERT: no checkpoint is issued at tree size {}: a row this log did not sign is stored there", size);
            }
            occupiedAt = size;
            return null;
        }
        occupiedAt = -1;
        checkpointedSize = size;
        lastCheckpointAt = checkpoint.issuedAt();
        return stored;
    }

    private java.util.Optional<StoredCheckpoint> latestSigned() {
        return notes == null ? store.latestCheckpoint() : notes.latestSigned(store);
    }

    private boolean signable(long treeSize) {
        return unexpected == null || unexpected.signable(treeSize);
    }

    /**
     * Starts again from what is committed, after a batch failed. A batch fails on a leaf index already taken when a
     * row was inserted behind the sequencer's back (the runtime role may INSERT): such leaves are checked before they
     * become part of the tree this instance signs, never adopted silently.
     */
    private void reload() {
        try {
            long committed = store.size();
            if (unexpected != null && range != null && committed >= range.size()) {
                // what this instance committed is what its range says (it changes only after a commit)
                range = adopt(range.size(), committed);
                gapAt = range.size() < committed ? committed : -1;
            } else {
                range = CompactRange.of(committed, store);
            }
        } catch (RuntimeException e) {
            log.error("Could not reload the audit log state; will retry on the next batch", e);
        }
    }

    /**
     * The runtime role may insert the next leaf while nothing is being appended, and the append path meets it only with
     * the next entry: until then a forged review decision there counted. So the leader compares the store's size with
     * its own at each lease check (one max() over the primary key), on this thread, as the append path would, and
     * checks what it did not write.
     */
    private void noticeInsertedLeaves() {
        if (unexpected == null) {
            return;
        }
        long committed = store.size();
        if (committed <= range.size() || committed == gapAt) {
            return;
        }
        range = adopt(range.size(), committed);
        if (range.size() < committed) {
            // the check has refused the missing leaf already (no checkpoint covers it, nothing after it counts); the
            // next append fills the gap, and checking the same rows every lease check would only repeat the finding
            gapAt = committed;
            log.error("Audit log leaves inserted behind this instance's back leave a gap: leaf {} is missing although later "
                    + "leaves exist", range.size());
        } else {
            gapAt = -1;
        }
    }

    /**
     * Leaves in {@code [from, to)} this instance did not append: checked ({@link UnexpectedLeaves}), then added to the
     * tree it knows ({@link #extend}).
     */
    private CompactRange adopt(long from, long to) {
        if (to == from) {
            return range.copy();
        }
        log.warn("The audit log holds leaves {} to {}, which this instance did not append; checking them before signing over them",
                from, to - 1);
        unexpected.check(from, to);
        return extend(range, to);
    }

    /**
     * The given range with the stored leaves from its size up to {@code to} added from their stored leaf hashes, never
     * from tree nodes stored beside them, which whoever inserted the leaves may have left out or got wrong; the nodes
     * they complete are written where missing. It stops before a missing leaf (the check refuses it): the next append
     * fills that gap, and the leaves after it are met again then.
     */
    private CompactRange extend(CompactRange from, long to) {
        CompactRange next = from.copy();
        while (next.size() < to) {
            long chunkFrom = next.size();
            List<CompactRange.Node> nodes = new ArrayList<>();
            for (LogStore.StoredLeafHash leaf : store.leafHashes(chunkFrom, Math.min(chunkFrom + EXTEND_CHUNK, to))) {
                if (leaf.leafIndex() != next.size()) {
                    break;
                }
                next.append(leaf.leafHash()).stream().filter(node -> node.level() > 0).forEach(nodes::add);
            }
            writeNodes(nodes);
            if (next.size() < Math.min(chunkFrom + EXTEND_CHUNK, to)) {
                break;
            }
        }
        return next;
    }

    /**
     * Writes the tree nodes a batch completes. One already stored is left as it is (the runtime role may INSERT there
     * ahead of the log; failing the batch would stop the log for good, since every retry meets it again): the same
     * hash is no harm, another one is a violation, named with its position. The tree this instance signs is its own
     * range either way, never the stored node.
     */
    private void writeNodes(List<CompactRange.Node> nodes) {
        List<CompactRange.Node> differing = store.insertNodes(nodes);
        if (!differing.isEmpty()) {
            if (unexpected != null) {
                unexpected.nodesDiffer(differing);
            } else {
                differing.forEach(node -> log.error("Audit log integrity violation at tree node {}/{}: stored with another hash "
                        + "than its leaves give", node.level(), node.index()));
            }
        }
    }

    private static final class LeadershipLostException extends LogUnavailableException {
        LeadershipLostException() {
            super("this instance no longer holds the audit log leader lock", null);
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String state = root instanceof java.sql.SQLException sql ? " SQLState " + sql.getSQLState() : "";
        return e.getClass().getSimpleName() + " caused by " + root.getClass().getSimpleName() + state;
    }

    private static void fail(Object item, RuntimeException e) {
        if (item instanceof Submission s) {
            s.done().completeExceptionally(e);
        } else if (item instanceof CheckpointRequest c) {
            c.done().completeExceptionally(e);
        }
    }
}
