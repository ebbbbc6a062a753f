package se.samverkan.cases.intake;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The decisions that feedback to a report's sender is not appropriate (SoL 14 kap. 1 b §), per report and case
 * ({@code reporter_feedback_withholding}): at most one in force; a lifted one stays as history.
 */
@Component
public class FeedbackWithholdings {

    public record Withholding(UUID withholdingId, UUID reportId, UUID caseId, String reasonCode, String withheldBy,
                              Instant withheldAt, String liftedBy, Instant liftedAt) {
        public boolean inForce() {
            return liftedAt == null;
        }
    }

    private final JdbcClient jdbc;

    public FeedbackWithholdings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the decision unless one is in force already (then that one stands, and is answered). */
    public Withholding withhold(UUID reportId, UUID caseId, String reasonCode, String by, Instant at) {
        jdbc.sql("""
                        INSERT INTO reporter_feedback_withholding (withholding_id, report_id, case_id, reason_code, withheld_by, withheld_at)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (report_id, case_id) WHERE lifted_at IS NULL DO NOTHING""")
                .params(UUID.randomUUID(), reportId, caseId, reasonCode, by, Timestamp.from(at)).update();
        return inForce(reportId, caseId).orElseThrow();
    }

    /** Lifts the decision in force, if any; true if one was lifted. */
    public boolean lift(UUID reportId, UUID caseId, String by, Instant at) {
        return jdbc.sql("""
                        UPDATE reporter_feedback_withholding SET lifted_by = ?, lifted_at = ?
                        WHERE report_id = ? AND case_id = ? AND lifted_at IS NULL""")
                .params(by, Timestamp.from(at), reportId, caseId).update() > 0;
    }

    public Optional<Withholding> inForce(UUID reportId, UUID caseId) {
        return jdbc.sql("SELECT * FROM reporter_feedback_withholding WHERE report_id = ? AND case_id = ? AND lifted_at IS NULL")
                .params(reportId, caseId).query(FeedbackWithholdings::row).optional();
    }

    /** True while any unit that has (or had) the report withholds feedback on it. */
    public boolean withheld(UUID reportId) {
        return jdbc.sql("SELECT count(*) FROM reporter_feedback_withholding WHERE report_id = ? AND lifted_at IS NULL")
                .param(reportId).query(Long.class).single() > 0;
    }

    public boolean withheld(UUID reportId, UUID caseId) {
        return inForce(reportId, caseId).isPresent();
    }

    /** Every decision on the report in this case, oldest first. */
    public List<Withholding> history(UUID reportId, UUID caseId) {
        return jdbc.sql("SELECT * FROM reporter_feedback_withholding WHERE report_id = ? AND case_id = ? ORDER BY withheld_at")
                .params(reportId, caseId).query(FeedbackWithholdings::row).list();
    }

    private static Withholding row(ResultSet rs, int n) throws SQLException {
        Timestamp lifted = rs.getTimestamp("lifted_at");
        return new Withholding(rs.getObject("withholding_id", UUID.class), rs.getObject("report_id", UUID.class),
                rs.getObject("case_id", UUID.class), rs.getString("reason_code"), rs.getString("withheld_by"),
                rs.getTimestamp("withheld_at").toInstant(), rs.getString("lifted_by"), lifted == null ? null : lifted.toInstant());
    }
}
