package se.samverkan.notification.items;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.samverkan.notification.routing.NotificationKind;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the personal and the unit inbox store alike: the columns of an item (alias {@code n}) and newest-first paging.
 * Who may see which rows stays with each inbox: the {@code where} clause passed in is theirs.
 */
public final class ItemRows {

    private ItemRows() {
    }

    /** The columns every inbox item has. */
    public record Common(UUID id, NotificationKind kind, UUID caseId, UUID referralId, String message, String link,
                         Instant createdAt) {
    }

    public record Slice<T>(List<T> items, long total) {
    }

    public static Common common(ResultSet rs) throws SQLException {
        return new Common(rs.getObject("id", UUID.class), NotificationKind.valueOf(rs.getString("kind")),
                rs.getObject("case_id", UUID.class), rs.getObject("referral_id", UUID.class), rs.getString("message"),
                rs.getString("link"), instant(rs.getTimestamp("created_at")));
    }

    public static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /**
     * One page of {@code select} (which reads {@code table} as {@code n}) under {@code where}, newest first, and how
     * many rows match in all; {@code where} takes its values from {@code params} by name, never by concatenation.
     */
    public static <T> Slice<T> newestFirst(JdbcClient jdbc, String select, String table, String where,
                                           Map<String, ?> params, PageRequest page, RowMapper<T> rows) {
        List<T> items = jdbc.sql(select + where + " ORDER BY n.created_at DESC, n.id LIMIT :limit OFFSET :offset")
                .params(params)
                .param("limit", page.size())
                .param("offset", page.offset())
                .query(rows)
                .list();
        long total = jdbc.sql("SELECT count(*) FROM " + table + " n" + where).params(params).query(Long.class).single();
        return new Slice<>(items, total);
    }
}
