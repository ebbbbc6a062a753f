package se.samverkan.cases.projection;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.cases.access.CaseFacts;
import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.domain.CaseEvent.*;
import se.samverkan.cases.domain.CaseStatus;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Which case of a subject is open in which unit, kept in the same transaction as the case's events (a subscribing
 * processor, not a tracking one): the intake asks it whether a new report joins an open case, and an answer that lags
 * behind a case just opened or closed would open a second intake for the same young person. Holds ids, codes and the
 * team only; the intake queue reads its cases' facts here too.
 */
@Component
@ProcessingGroup(IntakeCases.PROCESSING_GROUP)
public class IntakeCases {

    public static final String PROCESSING_GROUP = "intake-cases";

    private final JdbcClient jdbc;

    public IntakeCases(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CaseEvent event) {
        UUID caseId = event.caseId().value();
        switch (event) {
            case CaseOpened e -> jdbc.sql("""
                            INSERT INTO intake_case (case_id, program, municipality, unit, subject_id, team, protected_identity,
                                                     status, opened_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, 'OPEN', ?) ON CONFLICT (case_id) DO NOTHING""")
                    .params(caseId, e.program().name(), e.municipality(), e.unit(), e.subjectId().value(),
                            e.team().toArray(String[]::new), e.subject().protectedIdentity().name(), Timestamp.from(e.at()))
                    .update();
            case CaseTeamAssigned e -> set(caseId, "team = ?", e.team().toArray(String[]::new));
            case CaseClosed e -> set(caseId, "status = ?", CaseStatus.CLOSED.name());
            case CaseReopened e -> set(caseId, "status = ?", CaseStatus.OPEN.name());
            case ProtectedIdentityChanged e -> set(caseId, "protected_identity = ?", e.to().name());
            default -> {
                // nothing else decides where a report goes or who sees the queue's rows
            }
        }
    }

    private void set(UUID caseId, String assignment, Object value) {
        jdbc.sql("UPDATE intake_case SET " + assignment + " WHERE case_id = ?").params(value, caseId).update();
    }

    /** The subject's cases open in the unit, for {@code ReportCaseChoice} to pick the one a new report joins. */
    public List<se.samverkan.cases.domain.ReportCaseChoice.OpenCase> openCasesOf(String municipality, String unit, UUID subjectId) {
        return jdbc.sql("""
                        SELECT case_id, cardinality(team) > 0 AS has_team, opened_at FROM intake_case
                        WHERE municipality = ? AND unit = ? AND subject_id = ? AND status = 'OPEN'""")
                .params(municipality, unit, subjectId)
                .query((rs, n) -> new se.samverkan.cases.domain.ReportCaseChoice.OpenCase(rs.getObject("case_id", UUID.class),
                        rs.getBoolean("has_team"), rs.getTimestamp("opened_at").toInstant()))
                .list();
    }

    /** What the access policy needs of a case, for the rows of the intake queue. */
    public Optional<CaseFacts> facts(UUID caseId) {
        return jdbc.sql("SELECT * FROM intake_case WHERE case_id = ?").param(caseId)
                .query((rs, n) -> new CaseFacts(caseId, rs.getObject("subject_id", UUID.class), Program.valueOf(rs.getString("program")),
                        rs.getString("municipality"), rs.getString("unit"), strings(rs.getArray("team")), List.of(),
                        ProtectedIdentity.valueOf(rs.getString("protected_identity")), CaseStatus.valueOf(rs.getString("status"))))
                .optional();
    }

    /**
     * Serialises the intake of reports about one subject in one unit until the caller's transaction ends, so two
     * reports about the same young person arriving together do not both open an intake.
     */
    public void lockSubjectInUnit(String municipality, String unit, UUID subjectId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param("intake:" + municipality + ":" + unit + ":" + subjectId)
                .query((rs, n) -> 1).list();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
