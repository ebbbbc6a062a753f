package se.samverkan.audit.compliance;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;
import se.samverkan.contracts.CloudEventCodec;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Repository
public class AuditSearch {

    private static final String COLUMNS = "leaf_index, event_id, source, event_type, case_id, subject_id, actor_id, action, "
            + "legal_basis, outcome, occurred_at, recorded_at, entry";

    private final JdbcTemplate jdbc;

    public AuditSearch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Leaf order; after a given leaf (keyset, cheap at any depth) or by page number (offset). */
    public List<EntryView> search(EntryQuery query, Long afterLeaf, int page, int size) {
        List<Object> args = new ArrayList<>();
        String filter = where(query, args);
        if (afterLeaf != null) {
            filter += (filter.isEmpty() ? " WHERE" : " AND") + " leaf_index > ?";
            args.add(afterLeaf);
        }
        String sql = "SELECT " + COLUMNS + " FROM audit_entries" + filter + " ORDER BY leaf_index LIMIT ? OFFSET ?";
        args.add(size);
        args.add(afterLeaf != null ? 0L : (long) page * size);
        return jdbc.query(sql, AuditSearch::view, args.toArray());
    }

    /** Streams the raw rows of the query (bytes as stored) in leaf order, for exports. */
    public void stream(EntryQuery query, long fromLeaf, long toLeaf, RowCallbackHandler handler) {
        List<Object> args = new ArrayList<>();
        String filter = where(query, args);
        String where = filter + (filter.isEmpty() ? " WHERE" : " AND") + " leaf_index >= ? AND leaf_index < ?";
        args.add(fromLeaf);
        args.add(toLeaf);
        jdbc.query(con -> {
            var statement = con.prepareStatement("SELECT leaf_index, event_id, entry FROM audit_entries" + where + " ORDER BY leaf_index");
            statement.setFetchSize(1000);
            for (int i = 0; i < args.size(); i++) {
                statement.setObject(i + 1, args.get(i));
            }
            return statement;
        }, handler);
    }

    private static String where(EntryQuery q, List<Object> args) {
        List<String> clauses = new ArrayList<>();
        add(clauses, args, "case_id = ?", q.caseId());
        add(clauses, args, "subject_id = ?", q.subjectId());
        add(clauses, args, "actor_id = ?", q.actorId());
        add(clauses, args, "event_type = ?", q.type());
        add(clauses, args, "action = ?", q.action());
        add(clauses, args, "legal_basis = ?", q.legalBasis());
        add(clauses, args, "occurred_at >= ?", q.from() == null ? null : Timestamp.from(q.from()));
        add(clauses, args, "occurred_at < ?", q.to() == null ? null : Timestamp.from(q.to()));
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    private static void add(List<String> clauses, List<Object> args, String clause, Object value) {
        if (value != null) {
            clauses.add(clause);
            args.add(value);
        }
    }

    static EntryView view(ResultSet rs, int row) throws SQLException {
        Timestamp occurred = rs.getTimestamp(11);
        return new EntryView(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getObject(5, UUID.class), rs.getObject(6, UUID.class), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), occurred == null ? null : occurred.toInstant(), rs.getTimestamp(12).toInstant(),
                CloudEventCodec.mapper().readTree(rs.getBytes(13)));
    }
}
