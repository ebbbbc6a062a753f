package se.samverkan.cases.reports;

import se.samverkan.cases.vocabulary.CodeListProperties;
import se.samverkan.cases.vocabulary.CodeLists;
import se.samverkan.contracts.Agency;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.cases.access.AccessGuard;
import se.samverkan.cases.access.AccessRequest;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.config.CaseServiceProperties;
import se.samverkan.platform.identity.Actor;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static se.samverkan.cases.access.Operation.UNIT_REPORT;

/**
 * How rapid the rapid interventions of a unit are: days from intake to first family contact and to the first joint
 * meeting with the police (median and 90th percentile over the cases that reached them), and the cases past a deadline.
 */
@RestController
@RequestMapping("/api/reports/units")
public class UnitReportController {

    public record Spread(long cases, Double medianDays, Double p90Days) {
    }

    public record MissedDeadline(UUID caseId, String kind, LocalDate dueOn) {
    }

    public record TimelinessReport(String municipality, String unit, long rapidInterventionCases,
                                   Spread intakeToFirstFamilyContact, Spread intakeToFirstJointPoliceMeeting,
                                   List<MissedDeadline> casesPastDeadline) {
    }

    private final JdbcClient jdbc;
    private final AccessGuard guard;
    private final CaseServiceProperties properties;
    private final CodeLists codeLists;

    public UnitReportController(JdbcClient jdbc, AccessGuard guard, CaseServiceProperties properties, CodeLists codeLists) {
        this.jdbc = jdbc;
        this.guard = guard;
        this.properties = properties;
        this.codeLists = codeLists;
    }

    @GetMapping("/{unit}/timeliness")
    @AccessOperation(UNIT_REPORT)
    public TimelinessReport timeliness(@AuthenticationPrincipal Actor actor, @PathVariable String unit) {
        // the unit's own municipality, never the caller's: an officer of one municipality naming another's unit is refused
        String municipality = codeLists.lists().units().stream()
                .filter(u -> u.agency() == Agency.SOCIAL_SERVICES && u.code().equals(unit))
                .map(CodeListProperties.Unit::municipality)
                .findFirst().orElse(null);
        guard.require(new AccessRequest(actor, UNIT_REPORT, null, null, null, municipality, unit), null, null, "Unit " + unit);
        long cases = jdbc.sql("SELECT count(*) FROM case_summary WHERE municipality = ? AND unit = ? AND program = 'RAPID_INTERVENTION'")
                .params(municipality, unit).query(Long.class).single();
        return new TimelinessReport(municipality, unit, cases, spread(municipality, unit, "first_family_contact_on"),
                spread(municipality, unit, "first_joint_meeting_on"), missed(municipality, unit));
    }

    private Spread spread(String municipality, String unit, String milestoneColumn) {
        // the column name comes from this class only, never from a request
        return jdbc.sql("""
                        SELECT count(*),
                               percentile_cont(0.5) WITHIN GROUP (ORDER BY days),
                               percentile_cont(0.9) WITHIN GROUP (ORDER BY days)
                        FROM (SELECT (%s - (opened_at AT TIME ZONE ?)::date) AS days FROM case_summary
                              WHERE municipality = ? AND unit = ? AND program = 'RAPID_INTERVENTION' AND %s IS NOT NULL) m"""
                        .formatted(milestoneColumn, milestoneColumn))
                .params(properties.zone(), municipality, unit)
                .query((rs, n) -> new Spread(rs.getLong(1), (Double) rs.getObject(2), (Double) rs.getObject(3)))
                .single();
    }

    private List<MissedDeadline> missed(String municipality, String unit) {
        return jdbc.sql("""
                        SELECT d.case_id, d.kind, d.due_on FROM case_deadline d JOIN case_summary c ON c.case_id = d.case_id
                        WHERE c.municipality = ? AND c.unit = ? AND c.status = 'OPEN' AND d.state = 'MISSED' ORDER BY d.due_on""")
                .params(municipality, unit)
                .query((rs, n) -> new MissedDeadline(rs.getObject(1, UUID.class), rs.getString(2), rs.getDate(3).toLocalDate()))
                .list();
    }
}
