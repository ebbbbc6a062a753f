package se.samverkan.audit.compliance;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import se.samverkan.audit.log.PendingEntry;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Which leaves mention a case, a subject or an actor, as their bytes say, held in this service's memory. The search
 * columns of {@code audit_entries} say the same, but a database superuser can change them; this index is built from
 * the bytes this service parsed itself, so nulling a column hides nothing, and a search by case reads the bytes of that
 * case's leaves only instead of every leaf of the log.
 * <p>
 * It covers the leaves [0, {@link #coveredTo()}) and grows in leaf order as a follower reads the rows appended since
 * (at start-up it catches up with the whole log, {@code samverkan.audit.search.index-batch} leaves a step, one step
 * after another while they come back full). Leaves it could not learn the keys of (bytes that do not parse, a row
 * missing when it passed) are handed to every indexed scan, so they are read and judged from their bytes each time,
 * exactly as a scan of every row would. The bytes of every leaf are still re-read: the candidates here and the leaves
 * past {@code coveredTo} by the scan, the whole log by the integrity check ({@code LogIntegrity}).
 * <p>
 * The cost is about 4 bytes of heap for each key a leaf mentions (up to three), plus the growth slack and each key's
 * map entry: {@value #BYTES_PER_LEAF} bytes a leaf at most. It stops growing at {@code samverkan.audit.search.index-limit}
 * leaves, or where it would take more than {@code index-heap-share} of the maximum heap, whichever comes first, and
 * searches scan the leaves after it: slower searches on a log that outgrew the pod's memory, rather than an
 * {@code OutOfMemoryError} that stops the service (10 million leaves would want 200 MB of a 768 MiB pod's 269 MB heap).
 */
@Component
public class LeafIndex {

    private static final Logger log = LoggerFactory.getLogger(LeafIndex.class);
    /** Past this many leaves of unknown keys the index is not worth its bookkeeping; scans take over. */
    private static final int MAX_UNKNOWN = 10_000;
    /**
     * Heap an indexed leaf takes at most. On the local stack's log (2.3 million leaves naming 6.7 million keys, 64,000
     * distinct ones): 2.9 keys a leaf at 4 bytes each, about a fifth more for arrays grown by half, and each key's map
     * entry (about 130 bytes) spread over its leaves, about 18 bytes a leaf.
     */
    static final int BYTES_PER_LEAF = 20;

    /** The candidate leaves of one scan in [from, coveredTo), ascending, and where the indexed part ends. */
    public record Lookup(long[] leaves, long coveredTo) {
    }

    private final JdbcTemplate jdbc;
    private final SearchProperties properties;
    private final long capacity;
    private boolean full;

    // guarded by this
    private final Map<UUID, Leaves> byCase = new HashMap<>();
    private final Map<UUID, Leaves> bySubject = new HashMap<>();
    private final Map<String, Leaves> byActor = new HashMap<>();
    private final TreeSet<Long> unknown = new TreeSet<>();
    private volatile long coveredTo;

    public LeafIndex(JdbcTemplate jdbc, SearchProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.capacity = capacity(properties.indexLimit(), properties.indexHeapShare(), Runtime.getRuntime().maxMemory());
        Gauge.builder("samverkan.audit.search.indexed.leaves", this, LeafIndex::coveredTo)
                .description("Leaves of the audit log the search index covers (the rest is scanned)")
                .register(meters);
        Gauge.builder("samverkan.audit.search.index.capacity.leaves", this, LeafIndex::capacity)
                .description("Leaves the search index may cover: index-limit, or what its share of the heap holds")
                .register(meters);
    }

    /** The leaves the index may cover: the configured limit, or fewer where its share of {@code maxHeap} holds fewer. */
    static long capacity(long indexLimit, double heapShare, long maxHeap) {
        return Math.min(indexLimit, (long) (maxHeap * heapShare) / BYTES_PER_LEAF);
    }

    public long capacity() {
        return capacity;
    }

    public long coveredTo() {
        return coveredTo;
    }

    @Scheduled(fixedDelayString = "${samverkan.audit.search.index-every:1s}", initialDelayString = "${samverkan.audit.search.index-every:1s}")
    public void follow() {
        try {
            // Behind (at start-up, or after a burst of appends), the next batch is read at once rather than a second
            // later: until the index covers the log, every search by case scans the rest with a needle, and on a
            // 680,000-entry log those scans took the first three minutes after a restart (issue 12).
            long started = System.nanoTime();
            long from = coveredTo;
            catchUp();
            if (coveredTo - from > properties.indexBatch()) {
                log.info("Audit search index caught up: it covers {} leaves ({} read in {} ms)", coveredTo,
                        coveredTo - from, (System.nanoTime() - started) / 1_000_000);
            }
        } catch (RuntimeException e) {
            log.warn("Audit search index could not read the log, will retry: {}", e.getClass().getSimpleName());
        }
    }

    /** Reads until the index covers every row stored now (a caught-up index takes one query). */
    public void catchUp() {
        int batch = properties.indexBatch();
        while (step(batch) == batch) {
            // a full batch: there may be more; a short one read every row stored when it ran
        }
    }

    private int step(int batch) {
        long from = coveredTo;
        if (from >= capacity) {
            if (!full && capacity > 0) {
                full = true;
                log.warn("Audit search index is full at {} leaves (samverkan.audit.search.index-limit, or its share of the heap); "
                        + "searches by case, subject or actor scan the leaves after it. Give audit-service more memory", capacity);
            }
            return 0;
        }
        int limit = (int) Math.min(batch, capacity - from);
        List<AuditSearch.StoredEntry> rows = jdbc.query(
                AuditSearch.SELECT_STORED + " WHERE leaf_index >= ? ORDER BY leaf_index LIMIT ?", AuditSearch.STORED, from, limit);
        synchronized (this) {
            long next = coveredTo;
            for (AuditSearch.StoredEntry row : rows) {
                if (row.leafIndex() < next) {
                    // another caller's step (a test's catchUp beside the scheduled follow) indexed it meanwhile
                    continue;
                }
                // a gap past MAX_UNKNOWN makes lookup give up, so the rest of it need not be listed
                for (long missing = next; missing < row.leafIndex() && unknown.size() <= MAX_UNKNOWN; missing++) {
                    unknown.add(missing);
                }
                add(row.leafIndex(), row.entry());
                next = row.leafIndex() + 1;
            }
            coveredTo = next;
        }
        return rows.size();
    }

    private void add(long leaf, PendingEntry entry) {
        if (entry == null) {
            unknown.add(leaf);
            return;
        }
        int at = Math.toIntExact(leaf);
        if (entry.caseId() != null) {
            byCase.computeIfAbsent(entry.caseId(), k -> new Leaves()).add(at);
        }
        if (entry.subjectId() != null) {
            bySubject.computeIfAbsent(entry.subjectId(), k -> new Leaves()).add(at);
        }
        if (entry.actorId() != null) {
            byActor.computeIfAbsent(entry.actorId(), k -> new Leaves()).add(at);
        }
    }

    /**
     * The leaves of [from, to) a scan with these needles must read, as far as the index covers them; null when the
     * needles name no indexed key (or the index has given up), so the scan must examine every leaf. A leaf missing
     * from the answer below {@code coveredTo} does not mention the key in its bytes.
     */
    public synchronized Lookup lookup(Needles needles, long from, long to) {
        if (!needles.indexable() || unknown.size() > MAX_UNKNOWN) {
            return null;
        }
        long end = Math.min(to, coveredTo);
        if (end <= from) {
            return new Lookup(new long[0], from);
        }
        Leaves best = shorter(shorter(leaves(byCase, needles.caseId()), leaves(bySubject, needles.subjectId())),
                leaves(byActor, needles.actorId()));
        long[] known = best == null ? new long[0] : best.between(from, end);
        long[] unknownInRange = unknown.subSet(from, end).stream().mapToLong(Long::longValue).toArray();
        if (unknownInRange.length == 0) {
            return new Lookup(known, end);
        }
        long[] leaves = new long[known.length + unknownInRange.length];
        System.arraycopy(known, 0, leaves, 0, known.length);
        System.arraycopy(unknownInRange, 0, leaves, known.length, unknownInRange.length);
        Arrays.sort(leaves);
        return new Lookup(leaves, end);
    }

    private static Leaves shorter(Leaves a, Leaves b) {
        return a == null ? b : b == null || a.size <= b.size ? a : b;
    }

    /** A key the needles do not name matches everything; one they name but nobody mentions matches nothing. */
    private static <K> Leaves leaves(Map<K, Leaves> index, K key) {
        if (key == null) {
            return null;
        }
        Leaves found = index.get(key);
        return found != null ? found : Leaves.NONE;
    }

    /** Ascending leaf indexes, appended in order. */
    private static final class Leaves {
        static final Leaves NONE = new Leaves();

        private int[] leaves = new int[2];
        private int size;

        void add(int leaf) {
            if (size == leaves.length) {
                leaves = Arrays.copyOf(leaves, size + (size >> 1) + 1);
            }
            leaves[size++] = leaf;
        }

        long[] between(long from, long to) {
            int start = insertionPoint(from);
            int end = insertionPoint(to);
            long[] out = new long[end - start];
            for (int i = start; i < end; i++) {
                out[i - start] = leaves[i];
            }
            return out;
        }

        private int insertionPoint(long leaf) {
            int at = Arrays.binarySearch(leaves, 0, size, (int) Math.min(leaf, Integer.MAX_VALUE));
            return at >= 0 ? at : -at - 1;
        }
    }
}
