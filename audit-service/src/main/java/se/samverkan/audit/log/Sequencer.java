package se.samverkan.audit.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.audit.tlog.CompactRange;
import se.samverkan.audit.tlog.Rfc6962;

import java.time.Clock;
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

/**
 * The only writer of the log. Callers hand over entries and wait for the future; one thread drains the queue,
 * gives each new entry the next leaf index, and stores entries, completed tree nodes and what the append listeners
 * derive in one transaction per batch. A future completes only after its entries are committed, so a Kafka offset
 * committed after waiting on it never points past an entry that could be lost; a crash before that commit means
 * redelivery, and the unique event id turns redelivery into a no-op.
 */
@Component
public class Sequencer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Sequencer.class);

    private record Submission(List<PendingEntry> entries, CompletableFuture<List<AppendResult>> done) {
    }

    private record CheckpointRequest(CompletableFuture<StoredCheckpoint> done) {
    }

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final LogStore store;
    private final TransactionTemplate transactions;
    private final List<AppendListener> listeners;
    private final CheckpointSigner signer;
    private final AuditProperties properties;
    private final Clock clock;

    private volatile boolean running;
    private Thread writer;
    private CompactRange range;
    private long checkpointedSize;
    private Instant lastCheckpointAt;

    public Sequencer(LogStore store, TransactionTemplate transactions, List<AppendListener> listeners,
                     CheckpointSigner signer, AuditProperties properties, Clock clock) {
        this.store = store;
        this.transactions = transactions;
        this.listeners = listeners;
        this.signer = signer;
        this.properties = properties;
        this.clock = clock;
    }

    public CompletableFuture<List<AppendResult>> submit(List<PendingEntry> entries) {
        if (!running) {
            return CompletableFuture.failedFuture(new IllegalStateException("the audit log sequencer is not running"));
        }
        CompletableFuture<List<AppendResult>> done = new CompletableFuture<>();
        if (entries.isEmpty()) {
            done.complete(List.of());
        } else {
            queue.add(new Submission(List.copyOf(entries), done));
        }
        return done;
    }

    /** Appends and waits; for request threads that must not answer before their entry is in the log. */
    public AppendResult append(PendingEntry entry) {
        return await(submit(List.of(entry))).getFirst();
    }

    /** Issues a checkpoint covering everything appended so far (or returns the latest if nothing is new). */
    public StoredCheckpoint checkpointNow() {
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
        } catch (ExecutionException | TimeoutException e) {
            throw new LogUnavailableException("the audit log could not append in time", e);
        }
    }

    @Override
    public void start() {
        range = CompactRange.of(store.size(), store);
        StoredCheckpoint latest = store.latestCheckpoint().orElse(null);
        checkpointedSize = latest == null ? 0 : latest.treeSize();
        lastCheckpointAt = clock.instant();
        running = true;
        writer = Thread.ofPlatform().name("audit-sequencer").daemon(false).start(this::run);
        log.info("Audit log sequencer started at tree size {}", range.size());
    }

    @Override
    public void stop() {
        running = false;
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
        return range.size();
    }

    private void run() {
        while (running) {
            try {
                Object first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    List<Object> work = new ArrayList<>();
                    work.add(first);
                    queue.drainTo(work, Math.max(1, properties.batchSize()));
                    process(work);
                }
                if (range.size() > checkpointedSize && (range.size() - checkpointedSize >= properties.checkpointEveryEntries()
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
        for (int from = 0; from < submissions.size(); ) {
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
                reload();
            }
            from = to;
        }
        if (!checkpointRequests.isEmpty()) {
            try {
                StoredCheckpoint checkpoint = range.size() > checkpointedSize || store.latestCheckpoint().isEmpty()
                        ? issueCheckpoint() : store.latestCheckpoint().orElseThrow();
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
        Map<Submission, List<AppendResult>> results = transactions.execute(tx -> {
            Map<UUID, Long> known = new HashMap<>(store.existing(ids));
            List<AppendedEntry> appended = new ArrayList<>();
            List<byte[]> leafHashes = new ArrayList<>();
            List<CompactRange.Node> nodes = new ArrayList<>();
            Map<Submission, List<AppendResult>> out = new HashMap<>();
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
                store.insertNodes(nodes);
                listeners.forEach(listener -> listener.appended(appended));
            }
            return out;
        });
        range = next;
        return results;
    }

    private StoredCheckpoint issueCheckpoint() {
        long size = range.size();
        byte[] root = range.root();
        StoredCheckpoint checkpoint = new StoredCheckpoint(size, root, signer.sign(size, root), UUID.randomUUID(),
                clock.instant());
        store.insertCheckpoint(checkpoint);
        checkpointedSize = size;
        lastCheckpointAt = checkpoint.issuedAt();
        return store.checkpoint(size).orElse(checkpoint);
    }

    private void reload() {
        try {
            range = CompactRange.of(store.size(), store);
        } catch (RuntimeException e) {
            log.error("Could not reload the audit log state; will retry on the next batch", e);
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
