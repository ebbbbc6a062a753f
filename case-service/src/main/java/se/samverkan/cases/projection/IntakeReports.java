package se.samverkan.cases.projection;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.domain.CaseEvent.PoliceReportReceived;
import se.samverkan.cases.domain.CaseEvent.ReportAssessed;
import se.samverkan.cases.domain.CaseEvent.ReportForwarded;
import se.samverkan.cases.domain.CaseEvent.ReportReceived;
import se.samverkan.cases.domain.CaseEvent.SafetyAssessed;

import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Every report a unit received, one row per report and receiving case (a forwarded report has a row in each unit it
 * passed), with how far it came: the unit's intake queue and the reporter's status view read it. Ids, codes and dates
 * only; the receiving case's unit comes from {@link IntakeCases}, which is written before any event of the case reaches
 * this processor. Disposable: a reset empties it and a replay rebuilds it.
 */
@Component
@ProcessingGroup(IntakeReports.PROCESSING_GROUP)
public class IntakeReports {

    public static final String PROCESSING_GROUP = "intake-reports";

    /** One report as one receiving unit holds it. */
    public record Row(UUID reportId, UUID caseId, String municipality, String unit, Instant receivedAt,
                      String reporterAgency, String reporterRole, String reporterMunicipality, String reporterUnit,
                      List<String> concernTypes, boolean attached, String forwardedFromMunicipality,
                      String forwardedFromUnit, LocalDate safetyDueOn, LocalDate safetyAssessedOn,
                      LocalDate assessmentDueOn, String assessment, LocalDate assessedOn, String forwardedToMunicipality,
                      String forwardedToUnit, String forwardingReason, LocalDate forwardedOn) {

        public boolean pending() {
            return assessment == null && forwardedOn == null;
        }
    }

    /** Where a page starts: strictly after (older than) this row. */
    public record Cursor(Instant receivedAt, UUID reportId) {
    }

    private final JdbcClient jdbc;

    public IntakeReports(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CaseEvent event) {
        UUID caseId = event.caseId().value();
        switch (event) {
            case ReportReceived e -> insert(UUID.fromString(e.reportId()), caseId, e.at(), e.reporter().agency(),
                    e.reporter().role(), e.reporter().municipality(), e.reporter().unit(), e.concernTypes(), e.attached(),
                    e.forwardedFromMunicipality(), e.forwardedFromUnit(), e.safetyAssessmentDueOn(), e.assessmentDueOn());
            // a police report from before issue 15: listed, with no clocks of its own
            case PoliceReportReceived e -> insert(UUID.fromString(e.reportId()), caseId, e.at(), "POLICE", "POLICE",
                    e.by() == null ? null : e.by().municipality(), e.fromPoliceUnit(), List.of(), false, null, null, null, null);
            case SafetyAssessed e -> update(e.reportId(), caseId, "safety_assessed_on = ?", Date.valueOf(e.assessedOn()));
            case ReportAssessed e -> jdbc.sql("UPDATE intake_report SET assessment = ?, assessed_on = ? WHERE report_id = ? AND case_id = ?")
                    .params(e.outcome(), Date.valueOf(e.decidedOn()), UUID.fromString(e.reportId()), caseId).update();
            case ReportForwarded e -> jdbc.sql("""
                            UPDATE intake_report SET forwarded_to_municipality = ?, forwarded_to_unit = ?, forwarding_reason = ?,
                                   forwarded_on = ? WHERE report_id = ? AND case_id = ?""")
                    .params(e.toMunicipality(), e.toUnit(), e.reasonCode(), Date.valueOf(e.forwardedOn()),
                            UUID.fromString(e.reportId()), caseId).update();
            default -> {
                // the case's other events say nothing about its reports
            }
        }
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM intake_report").update();
    }

    private void insert(UUID reportId, UUID caseId, Instant at, String agency, String role, String reporterMunicipality,
                        String reporterUnit, List<String> concernTypes, boolean attached, String fromMunicipality,
                        String fromUnit, LocalDate safetyDueOn, LocalDate assessmentDueOn) {
        jdbc.sql("""
                        INSERT INTO intake_report (report_id, case_id, municipality, unit, received_at, reporter_agency, reporter_role,
                                                   reporter_municipality, reporter_unit, concern_types, attached,
                                                   forwarded_from_municipality, forwarded_from_unit, safety_due_on, assessment_due_on)
                        SELECT ?, c.case_id, c.municipality, c.unit, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
                        FROM intake_case c WHERE c.case_id = ?
                        ON CONFLICT (report_id, case_id) DO NOTHING""")
                .params(reportId, Timestamp.from(at), agency, role, reporterMunicipality, reporterUnit,
                        concernTypes.toArray(String[]::new), attached, fromMunicipality, fromUnit,
                        safetyDueOn == null ? null : Date.valueOf(safetyDueOn),
                        assessmentDueOn == null ? null : Date.valueOf(assessmentDueOn), caseId)
                .update();
    }

    private void update(String reportId, UUID caseId, String assignment, Object value) {
        jdbc.sql("UPDATE intake_report SET " + assignment + " WHERE report_id = ? AND case_id = ?")
                .params(value, UUID.fromString(reportId), caseId).update();
    }

    /** A page of the unit's queue, newest first; {@code pendingOnly}: not yet assessed nor forwarded. */
    public List<Row> queue(String municipality, String unit, boolean pendingOnly, int limit, Cursor before) {
        StringBuilder sql = new StringBuilder("SELECT * FROM intake_report WHERE municipality = :municipality AND unit = :unit");
        if (pendingOnly) {
            sql.append(" AND assessment IS NULL AND forwarded_on IS NULL");
        }
        if (before != null) {
            sql.append(" AND (received_at, report_id) < (:beforeAt, :beforeId)");
        }
        sql.append(" ORDER BY received_at DESC, report_id DESC LIMIT :limit");
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString()).param("municipality", municipality).param("unit", unit)
                .param("limit", limit);
        if (before != null) {
            statement = statement.param("beforeAt", Timestamp.from(before.receivedAt())).param("beforeId", before.reportId());
        }
        return statement.query(IntakeReports::row).list();
    }

    /**
     * The reports a unit sent, newest first, each with every leg it passed (oldest leg first). Matched on the sending
     * unit and agency (a police unit serves several municipalities; a municipality's reporter unit is its own).
     */
    public List<List<Row>> sentBy(String agency, String reporterUnit, String reporterMunicipality, int limit, Cursor before) {
        StringBuilder sql = new StringBuilder("""
                SELECT report_id, min(received_at) AS sent_at FROM intake_report
                WHERE reporter_unit = :unit AND reporter_agency = :agency""");
        if (reporterMunicipality != null) {
            sql.append(" AND reporter_municipality = :municipality");
        }
        sql.append(" GROUP BY report_id");
        if (before != null) {
            sql.append(" HAVING (min(received_at), report_id) < (:beforeAt, :beforeId)");
        }
        sql.append(" ORDER BY sent_at DESC, report_id DESC LIMIT :limit");
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString()).param("unit", reporterUnit).param("agency", agency)
                .param("limit", limit);
        if (reporterMunicipality != null) {
            statement = statement.param("municipality", reporterMunicipality);
        }
        if (before != null) {
            statement = statement.param("beforeAt", Timestamp.from(before.receivedAt())).param("beforeId", before.reportId());
        }
        List<UUID> ids = statement.query((rs, n) -> rs.getObject("report_id", UUID.class)).list();
        List<List<Row>> reports = new ArrayList<>();
        for (UUID id : ids) {
            reports.add(legs(id));
        }
        return reports;
    }

    /** Every leg of one report, in the order the units received it. */
    public List<Row> legs(UUID reportId) {
        return jdbc.sql("SELECT * FROM intake_report WHERE report_id = ? ORDER BY received_at, case_id")
                .param(reportId).query(IntakeReports::row).list();
    }

    /**
     * Forwarded legs whose next unit has no leg of the report yet: the forwarding still to be placed there. A unit that
     * had the report before never gets it again (no forwarding loops), so a leg of a loop recorded before that rule is
     * not tried for ever: the unit has its leg already.
     */
    public List<Row> forwardedNotYetReceived(int limit) {
        return jdbc.sql("""
                        SELECT * FROM intake_report a WHERE a.forwarded_on IS NOT NULL AND NOT EXISTS (
                            SELECT 1 FROM intake_report b WHERE b.report_id = a.report_id
                              AND b.municipality = a.forwarded_to_municipality AND b.unit = a.forwarded_to_unit)
                        ORDER BY a.forwarded_on LIMIT ?""")
                .param(limit).query(IntakeReports::row).list();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getObject("report_id", UUID.class), rs.getObject("case_id", UUID.class), rs.getString("municipality"),
                rs.getString("unit"), rs.getTimestamp("received_at").toInstant(), rs.getString("reporter_agency"),
                rs.getString("reporter_role"), rs.getString("reporter_municipality"), rs.getString("reporter_unit"),
                strings(rs.getArray("concern_types")), rs.getBoolean("attached"), rs.getString("forwarded_from_municipality"),
                rs.getString("forwarded_from_unit"), date(rs, "safety_due_on"), date(rs, "safety_assessed_on"),
                date(rs, "assessment_due_on"), rs.getString("assessment"), date(rs, "assessed_on"),
                rs.getString("forwarded_to_municipality"), rs.getString("forwarded_to_unit"), rs.getString("forwarding_reason"),
                date(rs, "forwarded_on"));
    }

    private static LocalDate date(ResultSet rs, String column) throws SQLException {
        Date date = rs.getDate(column);
        return date == null ? null : date.toLocalDate();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
