package se.samverkan.audit.compliance;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.PendingEntry;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.MalformedEventException;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers from the entries' bytes, never from the search columns: a superuser who nulls {@code case_id} of a row
 * cannot hide it from a search by case, because the case is read from the signed bytes. To keep that cheap,
 * PostgreSQL first narrows the leaves to those whose bytes contain every criterion as the producer wrote it
 * ({@link Needles}: a case id, an actor id... as JSON text); only those are parsed and matched here. The narrowing
 * can only pass too many rows, never too few: an entry about a case carries that case's id among its bytes, and only
 * our own signing producers write the bytes. The scan runs in leaf order, bounded per request by
 * {@code samverkan.audit.search.scan-limit} leaves; an answer says which leaves it examined ({@code scannedFromLeaf},
 * {@code scannedToLeaf}), and a search continues where the last one stopped ({@code afterLeaf}), so every leaf of the
 * log is examined exactly once across the pages.
 * <p>
 * A search by case, subject or actor first takes the leaves that mention it from {@link LeafIndex}, which this service
 * built from the bytes, not from the columns; it reads and matches only those, then scans the leaves appended since the
 * index last grew. The scan limit counts the scanned leaves only.
 */
@Repository
public class AuditSearch {

    /** One stored row as the bytes say it is; {@code entry} is null when the bytes are no longer a readable entry. */
    public record StoredEntry(long leafIndex, Instant recordedAt, byte[] bytes, PendingEntry entry) {
    }

    @FunctionalInterface
    public interface EntryHandler {
        /** @return false to stop the scan */
        boolean handle(StoredEntry entry);
    }

    public record SearchResult(List<EntryView> items, boolean hasMore, Long nextAfterLeaf, long scannedFromLeaf,
                               long scannedToLeaf, List<Long> unreadableLeaves) {
    }

    private static final int CHUNK = 500;
    /** Leaves PostgreSQL examines per query when the needles narrow the rows (few come back). */
    private static final long WINDOW = 100_000;
    /** A row's leaf, time and bytes, as every read of the entries here (and {@link LeafIndex}) selects them. */
    static final String SELECT_STORED = "SELECT leaf_index, recorded_at, entry FROM audit_entries";
    static final RowMapper<StoredEntry> STORED = (rs, row) -> stored(rs.getLong(1), rs.getTimestamp(2), rs.getBytes(3));

    private final JdbcTemplate jdbc;
    private final LeafIndex index;
    private final Counter scannedLeaves;
    private final Counter indexedLeaves;

    public AuditSearch(JdbcTemplate jdbc, LeafIndex index, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.index = index;
        this.scannedLeaves = leavesExamined(meters, "scan");
        this.indexedLeaves = leavesExamined(meters, "index");
    }

    private static Counter leavesExamined(MeterRegistry meters, String by) {
        return Counter.builder("samverkan.audit.search.leaves").tag("by", by)
                .description("Leaves searches examined: by scan, every leaf of a range; by index, the candidates read")
                .register(meters);
    }

    /**
     * Leaf order; after a given leaf (keyset) or by page number (offset, counted from the first leaf). At most
     * {@code scanLimit} leaves are examined; when the limit stops the scan first, {@code hasMore} is true and
     * {@code nextAfterLeaf} is the last leaf examined. {@code unreadableLeaves} lists the examined rows whose bytes no
     * longer parse among those the narrowing passed (the integrity check covers every row).
     */
    public SearchResult search(EntryQuery query, MunicipalityScope scope, Long afterLeaf, int page, int size, int scanLimit) {
        long start = afterLeaf == null ? 0 : afterLeaf + 1;
        long logSize = size();
        Needles needles = Needles.of(query);
        // the limit bounds the leaves scanned; the indexed ones cost only their candidates. One lookup decides both,
        // so the index cannot give up between the bound and the scan
        LeafIndex.Lookup lookup = index.lookup(needles, start, logSize);
        long scannedFrom = lookup == null ? start : lookup.coveredTo();
        long end = Math.min(logSize, scannedFrom + scanLimit);
        long[] skip = {afterLeaf != null ? 0 : (long) page * size};
        List<EntryView> items = new ArrayList<>();
        List<Long> unreadable = new ArrayList<>();
        long[] stoppedAt = {-1};
        // a page needs the matches it skips, its own and one more (to know there are more): read that many first, not
        // a whole chunk of 500 parsed entries for a page of 50
        int firstChunk = (int) Math.min(CHUNK, skip[0] + size + 1L);
        scan(lookup, start, end, needles, firstChunk, stored -> {
            if (stored.entry() == null) {
                unreadable.add(stored.leafIndex());
                return true;
            }
            if (!scope.covers(stored.entry()) || !query.matches(stored.entry())) {
                return true;
            }
            if (skip[0] > 0) {
                skip[0]--;
                return true;
            }
            if (items.size() == size) {
                stoppedAt[0] = stored.leafIndex();
                return false;
            }
            items.add(view(stored));
            return true;
        });
        // stopped by a full page: the next page starts at the match that did not fit; by the limit: after the range
        long scannedTo = stoppedAt[0] >= 0 ? stoppedAt[0] : end;
        boolean more = stoppedAt[0] >= 0 || end < logSize;
        return new SearchResult(items, more, more ? Long.valueOf(scannedTo - 1) : null, start, scannedTo, unreadable);
    }

    public long size() {
        Long max = jdbc.queryForObject("SELECT max(leaf_index) FROM audit_entries", Long.class);
        return max == null ? 0 : max + 1;
    }

    /** Every stored row of [fromLeaf, toLeaf) in leaf order, re-read from its bytes, in chunks of keyset queries. */
    public void scan(long fromLeaf, long toLeaf, EntryHandler handler) {
        scan(fromLeaf, toLeaf, Needles.NONE, handler);
    }

    /**
     * The rows of [fromLeaf, toLeaf) whose bytes contain the needles, in leaf order. PostgreSQL examines the leaves a
     * window at a time, so a search that matches little reads few rows into this JVM and parses only those.
     */
    public void scan(long fromLeaf, long toLeaf, Needles needles, EntryHandler handler) {
        scan(index.lookup(needles, fromLeaf, toLeaf), fromLeaf, toLeaf, needles, CHUNK, handler);
    }

    /**
     * The lookup's candidates (all below {@code toLeaf}), then a scan of the rest of the range; no lookup: all of it.
     * The first query reads at most {@code firstChunk} rows, every later one {@value #CHUNK}.
     */
    private void scan(LeafIndex.Lookup lookup, long fromLeaf, long toLeaf, Needles needles, int firstChunk, EntryHandler handler) {
        long scanFrom = fromLeaf;
        int[] chunk = {firstChunk};
        if (lookup != null) {
            if (!read(lookup.leaves(), chunk, handler)) {
                return;
            }
            scanFrom = lookup.coveredTo();
        }
        scanBytes(scanFrom, toLeaf, needles, chunk, handler);
    }

    /** The given leaves' rows in leaf order; a leaf with no row (deleted) is skipped, the integrity check reports it. */
    private boolean read(long[] leaves, int[] nextChunk, EntryHandler handler) {
        int from = 0;
        while (from < leaves.length) {
            Long[] chunk = new Long[Math.min(nextChunk[0], leaves.length - from)];
            nextChunk[0] = CHUNK;
            indexedLeaves.increment(chunk.length);
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = leaves[from + i];
            }
            from += chunk.length;
            List<StoredEntry> rows = jdbc.query(connection -> {
                PreparedStatement statement = connection.prepareStatement(
                        SELECT_STORED + " WHERE leaf_index = ANY(?) ORDER BY leaf_index");
                statement.setArray(1, connection.createArrayOf("bigint", chunk));
                return statement;
            }, STORED);
            for (StoredEntry stored : rows) {
                if (!handler.handle(stored)) {
                    return false;
                }
            }
        }
        return true;
    }

    private void scanBytes(long fromLeaf, long toLeaf, Needles needles, int[] nextChunk, EntryHandler handler) {
        String sql = SELECT_STORED + " WHERE leaf_index >= ? AND leaf_index < ?" + needles.sql() + " ORDER BY leaf_index LIMIT ?";
        long next = fromLeaf;
        while (next < toLeaf) {
            long windowEnd = needles.isEmpty() ? toLeaf : Math.min(toLeaf, next + WINDOW);
            long examinedFrom = next;
            List<Object> arguments = new ArrayList<>(List.of(next, windowEnd));
            arguments.addAll(needles.arguments());
            int limit = nextChunk[0];
            nextChunk[0] = CHUNK;
            arguments.add(limit);
            List<StoredEntry> chunk = jdbc.query(sql, STORED, arguments.toArray());
            for (StoredEntry stored : chunk) {
                if (!handler.handle(stored)) {
                    return;
                }
            }
            // a full chunk may have more rows in this window; a short one means the window is done
            next = chunk.size() == limit ? chunk.getLast().leafIndex() + 1 : windowEnd;
            scannedLeaves.increment(next - examinedFrom);
            if (chunk.isEmpty() && needles.isEmpty()) {
                return;
            }
        }
    }

    static StoredEntry stored(long leafIndex, Timestamp recordedAt, byte[] bytes) {
        PendingEntry entry;
        try {
            entry = bytes == null ? null : Entries.fromStored(bytes);
        } catch (MalformedEventException | IllegalArgumentException e) {
            entry = null;
        } catch (RuntimeException e) {
            // Jackson's own exceptions for bytes that are no JSON at all
            entry = null;
        }
        return new StoredEntry(leafIndex, recordedAt == null ? null : recordedAt.toInstant(), bytes, entry);
    }

    static EntryView view(StoredEntry stored) {
        PendingEntry e = stored.entry();
        return new EntryView(stored.leafIndex(), e.eventId(), e.source(), e.eventType(), e.caseId(), e.subjectId(),
                e.actorId(), e.action(), e.legalBasis(), e.outcome(), e.occurredAt(), stored.recordedAt(), e.producerKeyId(),
                CloudEventCodec.mapper().readTree(stored.bytes()));
    }
}
