package se.samverkan.audit.compliance;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.PendingEntry;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.MalformedEventException;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers from the entries' bytes, never from the search columns: a superuser who nulls {@code case_id} of a row
 * cannot hide it from a search by case, because the case is read from the signed bytes. The price is a scan in leaf
 * order, bounded per request by {@code samverkan.audit.search-scan-limit}; an answer says which leaves it examined
 * ({@code scannedFromLeaf}, {@code scannedToLeaf}), and a search continues where the last one stopped
 * ({@code afterLeaf}), so every leaf of the log is examined exactly once across the pages.
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

    private final JdbcTemplate jdbc;

    public AuditSearch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Leaf order; after a given leaf (keyset) or by page number (offset, counted from the first leaf). At most
     * {@code scanLimit} leaves are examined; when the limit stops the scan first, {@code hasMore} is true and
     * {@code nextAfterLeaf} is the last leaf examined.
     */
    public SearchResult search(EntryQuery query, MunicipalityScope scope, Long afterLeaf, int page, int size, int scanLimit) {
        long start = afterLeaf == null ? 0 : afterLeaf + 1;
        long end = size();
        long skip = afterLeaf != null ? 0 : (long) page * size;
        List<EntryView> items = new ArrayList<>();
        List<Long> unreadable = new ArrayList<>();
        long[] state = {skip, start, 0};   // matches still to skip, next leaf to examine, leaves examined
        boolean[] more = {false};
        scan(start, end, stored -> {
            if (state[2] >= scanLimit) {
                more[0] = true;
                return false;
            }
            state[1] = stored.leafIndex() + 1;
            state[2]++;
            if (stored.entry() == null) {
                unreadable.add(stored.leafIndex());
                return true;
            }
            if (!scope.covers(stored.entry()) || !query.matches(stored.entry())) {
                return true;
            }
            if (state[0] > 0) {
                state[0]--;
                return true;
            }
            if (items.size() == size) {
                more[0] = true;
                state[1] = stored.leafIndex();
                return false;
            }
            items.add(view(stored));
            return true;
        });
        long scannedTo = state[1];
        Long next = more[0] ? Long.valueOf(scannedTo - 1) : null;
        return new SearchResult(items, more[0], next, start, scannedTo, unreadable);
    }

    public long size() {
        Long max = jdbc.queryForObject("SELECT max(leaf_index) FROM audit_entries", Long.class);
        return max == null ? 0 : max + 1;
    }

    /** Every stored row of [fromLeaf, toLeaf) in leaf order, re-read from its bytes, in chunks of keyset queries. */
    public void scan(long fromLeaf, long toLeaf, EntryHandler handler) {
        long next = fromLeaf;
        while (next < toLeaf) {
            List<StoredEntry> chunk = jdbc.query("""
                    SELECT leaf_index, recorded_at, entry FROM audit_entries
                    WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index LIMIT ?""",
                    (rs, row) -> stored(rs.getLong(1), rs.getTimestamp(2), rs.getBytes(3)), next, toLeaf, CHUNK);
            if (chunk.isEmpty()) {
                return;
            }
            for (StoredEntry stored : chunk) {
                if (!handler.handle(stored)) {
                    return;
                }
            }
            next = chunk.getLast().leafIndex() + 1;
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
