package se.samverkan.audit.log;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One stored entry as its row says: the search columns (what the review queue and the answers' narrowing read), the
 * bytes and the stored leaf hash. {@link #columnsProblem} is the one comparison of those columns with what the bytes
 * say, made by the integrity pass ({@link LogIntegrity}) and on every leaf the sequencer did not write
 * ({@link UnexpectedLeaves}): a row with a correct leaf hash and signature can still have columns of its writer's
 * choosing (a genuine decision's bytes in a row whose reference names another item).
 */
record StoredRow(long leafIndex, UUID eventId, String eventType, UUID caseId, UUID subjectId, String actorId,
                 String action, String legalBasis, String outcome, UUID referenceId, Instant occurredAt,
                 byte[] entry, byte[] leafHash) {

    /** The columns {@link #read} reads first, in its order, of {@code audit_entries e}. */
    static final String COLUMNS = """
            e.leaf_index, e.event_id, e.event_type, e.case_id, e.subject_id, e.actor_id, e.action,
            e.legal_basis, e.outcome, e.reference_id, e.occurred_at, e.entry, e.leaf_hash""";

    static StoredRow read(ResultSet rs) throws SQLException {
        Timestamp occurred = rs.getTimestamp(11);
        return new StoredRow(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getObject(4, UUID.class),
                rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getObject(10, UUID.class), occurred == null ? null : occurred.toInstant(), rs.getBytes(12), rs.getBytes(13));
    }

    /** The search columns in the order their seal covers them ({@link SearchSeals}). */
    Object[] columns() {
        return new Object[]{eventId, eventType, caseId, subjectId, actorId, action, legalBasis, outcome, referenceId,
                occurredAt};
    }

    /** @return null when the search columns say what the bytes say, else what does not (column names, never values) */
    String columnsProblem() {
        PendingEntry derived;
        try {
            derived = Entries.fromStored(entry);
        } catch (RuntimeException unreadable) {
            return "its bytes are no longer a readable entry";
        }
        boolean internal = Entries.INTERNAL.equals(derived.source());
        List<String> differing = new ArrayList<>();
        compare(differing, "event_id", eventId, derived.eventId());
        compare(differing, "event_type", eventType, derived.eventType());
        // entries the service wrote before it kept their case in their bytes have only the column; nothing is
        // hidden by that, since answers read the case from the bytes
        if (!internal || derived.caseId() != null) {
            compare(differing, "case_id", caseId, derived.caseId());
        }
        compare(differing, "subject_id", subjectId, derived.subjectId());
        compare(differing, "actor_id", actorId, derived.actorId());
        compare(differing, "action", action, derived.action());
        compare(differing, "legal_basis", legalBasis, derived.legalBasis());
        compare(differing, "outcome", outcome, derived.outcome());
        compare(differing, "reference_id", referenceId, derived.referenceId());
        // PostgreSQL keeps microseconds and rounds the rest, so a nanosecond timestamp differs by less than one
        if (!sameToTheMicrosecond(occurredAt, derived.occurredAt())) {
            differing.add("occurred_at");
        }
        return differing.isEmpty() ? null : "search columns " + String.join(", ", differing) + " differ from what its bytes say";
    }

    private static boolean sameToTheMicrosecond(Instant stored, Instant derived) {
        if (stored == null || derived == null) {
            return stored == derived;
        }
        return Math.abs(Duration.between(stored, derived).toNanos()) < 1000;
    }

    private static void compare(List<String> differing, String column, Object stored, Object derived) {
        if (!Objects.equals(stored, derived)) {
            differing.add(column);
        }
    }
}
