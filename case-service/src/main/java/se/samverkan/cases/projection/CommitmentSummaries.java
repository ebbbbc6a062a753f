package se.samverkan.cases.projection;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads of the case_commitment read model that {@link CaseSummaryProjection} keeps (issue 15). It only says where to
 * look; who may see a commitment is decided on the case itself by the callers.
 */
@Component
public class CommitmentSummaries {

    /** At most this many commitments in one participant's list: an access event is written for each one shown. */
    public static final int LIMIT = 200;

    public record Located(UUID commitmentId, UUID caseId) {
    }

    public record Pending(UUID commitmentId, UUID caseId, LocalDate dueOn, String state) {
    }

    private final JdbcClient jdbc;

    public CommitmentSummaries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<UUID> caseOf(UUID commitmentId) {
        return jdbc.sql("SELECT case_id FROM case_commitment WHERE commitment_id = ?").param(commitmentId)
                .query(UUID.class).optional();
    }

    /** Where a page of "my commitments" starts: strictly after this key (followed up last, then by due date and id). */
    public record Cursor(boolean followedUp, LocalDate dueOn, UUID commitmentId) {
    }

    /** One commitment owned by the account, with the key it is ordered by. */
    public record Owned(UUID commitmentId, UUID caseId, Cursor key) {
    }

    /** Up to {@code limit} commitments naming this account as owner after {@code after} (null: from the start). */
    public List<Owned> ownedBy(String userId, Cursor after, int limit) {
        String sql = "SELECT commitment_id, case_id, state = 'FOLLOWED_UP' AS followed_up, due_on FROM case_commitment"
                + " WHERE owner_user_id = :owner"
                + (after == null ? "" : " AND (state = 'FOLLOWED_UP', due_on, commitment_id) > (:followedUp, :dueOn, :commitmentId)")
                + " ORDER BY state = 'FOLLOWED_UP', due_on, commitment_id LIMIT :limit";
        JdbcClient.StatementSpec statement = jdbc.sql(sql).param("owner", userId).param("limit", limit);
        if (after != null) {
            statement = statement.param("followedUp", after.followedUp()).param("dueOn", java.sql.Date.valueOf(after.dueOn()))
                    .param("commitmentId", after.commitmentId());
        }
        return statement.query((rs, n) -> new Owned(rs.getObject("commitment_id", UUID.class), rs.getObject("case_id", UUID.class),
                new Cursor(rs.getBoolean("followed_up"), rs.getDate("due_on").toLocalDate(), rs.getObject("commitment_id", UUID.class))))
                .list();
    }

    /** Commitments of open cases still waiting for their owner and due on or before {@code horizon}. */
    public List<Pending> pendingBy(LocalDate horizon) {
        return jdbc.sql("""
                        SELECT m.commitment_id, m.case_id, m.due_on, m.state FROM case_commitment m
                        JOIN case_summary c ON c.case_id = m.case_id
                        WHERE m.state IN ('OPEN', 'DUE_SOON') AND c.status = 'OPEN' AND m.due_on <= ?
                        ORDER BY m.due_on LIMIT 1000""")
                .param(java.sql.Date.valueOf(horizon))
                .query((rs, n) -> new Pending(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getDate(3).toLocalDate(), rs.getString(4)))
                .list();
    }
}
