package se.samverkan.audit.verify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The producer signature checks of one export. An Ed25519 verification costs more than everything else the verifier
 * does per entry, so the checks run ahead on the other cores while the structural pass reads on; their outcomes are
 * taken strictly in leaf order, so the counts, the listed failures and any exception are exactly those of one
 * thread checking entry after entry. At most {@link #WINDOW_PER_THREAD} entries per thread wait, and at most
 * {@link #BYTES_AHEAD} bytes of entries (a single larger entry waits alone), which bounds memory whatever the number of
 * cores or the entries' size.
 */
final class ProducerChecks implements AutoCloseable {

    static final int WINDOW_PER_THREAD = 256;
    /** The service's entries are kilobytes, so only a hostile file's entries of megabytes ever reach this. */
    static final long BYTES_AHEAD = 64L << 20;

    private record Pending(long leafIndex, String where, Future<ProducerKeys.Check> check, int bytes) {
    }

    private final ProducerKeys producers;
    private final ExecutorService pool;
    private final int window;
    private final long bytesAhead;
    private long pendingBytes;
    private long mostPendingBytes;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final List<Long> failedLeaves = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private long verified;
    private long unsignedAccepted;

    /**
     * @param threads       1 or fewer: checks on the calling thread, in line
     * @param aheadPerThread entries per thread that may wait for their check
     */
    ProducerChecks(ProducerKeys producers, int threads, int aheadPerThread) {
        this(producers, threads, aheadPerThread, BYTES_AHEAD);
    }

    ProducerChecks(ProducerKeys producers, int threads, int aheadPerThread, long bytesAhead) {
        this.producers = producers;
        this.bytesAhead = bytesAhead;
        this.pool = !producers.checked() || threads <= 1 ? null : Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "export-verifier-producer-check");
            thread.setDaemon(true); // a verifier that returns early must not keep the JVM alive
            return thread;
        });
        this.window = Math.max(1, threads) * Math.max(1, aheadPerThread);
    }

    /** Threads for the checks: one per core (the reading thread mostly waits for them). */
    static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    void check(long leafIndex, byte[] entry, String where) {
        if (!producers.checked()) {
            return;
        }
        if (pool == null) {
            record(where, producers.check(leafIndex, entry), leafIndex);
            return;
        }
        pending.addLast(new Pending(leafIndex, where, pool.submit(() -> producers.check(leafIndex, entry)), entry.length));
        pendingBytes += entry.length;
        while (!pending.isEmpty() && (pending.size() > window || (pending.size() > 1 && pendingBytes > bytesAhead)
                || pending.peekFirst().check().isDone())) {
            takeFirst();
        }
        mostPendingBytes = Math.max(mostPendingBytes, pendingBytes);
    }

    /** The most bytes of entries that ever waited for their check once a call returned (for tests). */
    long mostPendingBytes() {
        return mostPendingBytes;
    }

    /** Waits for every submitted check and accounts it, in leaf order; rethrows the first one that threw. */
    void settle() {
        while (!pending.isEmpty()) {
            takeFirst();
        }
    }

    /** {@link #settle()}, then the given result: an early failure is returned only once nothing before it threw. */
    ExportVerifier.Result settled(ExportVerifier.Result result) {
        settle();
        return result;
    }

    private void takeFirst() {
        Pending first = pending.removeFirst();
        pendingBytes -= first.bytes();
        ProducerKeys.Check check;
        try {
            check = first.check().get();
        } catch (InterruptedException e) {
            abandon();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while verifying producer signatures", e);
        } catch (ExecutionException e) {
            // the first check that threw ends the pass: nothing after it may be accounted, or replace its exception
            abandon();
            switch (e.getCause()) {
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
        record(first.where(), check, first.leafIndex());
    }

    private void abandon() {
        pending.forEach(later -> later.check().cancel(true));
        pending.clear();
        pendingBytes = 0;
    }

    private void record(String where, ProducerKeys.Check check, long leafIndex) {
        switch (check.outcome()) {
            case VERIFIED -> verified++;
            case UNSIGNED_ACCEPTED -> unsignedAccepted++;
            case FAILED -> {
                failedLeaves.add(leafIndex);
                if (failures.size() < ExportVerifier.MAX_LISTED_FAILURES) {
                    failures.add(where + " " + check.failure());
                }
            }
        }
    }

    List<Long> failedLeaves() {
        return failedLeaves;
    }

    List<String> failures() {
        return failures;
    }

    long verified() {
        return verified;
    }

    long unsignedAccepted() {
        return unsignedAccepted;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
