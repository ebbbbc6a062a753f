package se.samverkan.cases.projection;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Timeliness figures of a unit's rapid interventions from the case_summary and case_deadline read models that
 * {@link CaseSummaryProjection} keeps; access is decided by the caller.
 */
@Component
public class UnitTimeliness {

    /** The milestones the read model records; the enum keeps column names out of reach of any request. */
    public enum Milestone {
        FIRST_FAMILY_CONTACT("first_family_contact_on"), FIRST_JOINT_POLICE_MEETING("first_joint_meeting_on");

        private final String column;

        Milestone(String column) {
            this.column = column;
        }
    }

    public record Spread(long cases, Double medianDays, Double p90Days) {
    }

    public record MissedDeadline(UUID caseId, String kind, LocalDate dueOn) {
    }

    private final JdbcClient jdbc;

    public UnitTimeliness(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long rapidInterventionCases(String municipality, String unit) {
        return jdbc.sql("SELECT count(*) FROM case_summary WHERE municipality = ? AND unit = ? AND program = 'RAPID_INTERVENTION'")
                .params(municipality, unit).query(Long.class).single();
    }

    /** Days from intake (in {@code zone}) to the milestone, over the unit's rapid interventions that reached it. */
    public Spread daysTo(Milestone milestone, String zone, String municipality, String unit) {
        return jdbc.sql("""
                        SELECT count(*),
                               percentile_cont(0.5) WITHIN GROUP (ORDER BY days),
                               percentile_cont(0.9) WITHIN GROUP (ORDER BY days)
                        FROM (SELECT (%s - (opened_at AT TIME ZONE ?)::date) AS days FROM case_summary
                              WHERE municipality = ? AND unit = ? AND program = 'RAPID_INTERVENTION' AND %s IS NOT NULL) m"""
                        .formatted(milestone.column, milestone.column))
                .params(zone, municipality, unit)
                .query((rs, n) -> new Spread(rs.getLong(1), (Double) rs.getObject(2), (Double) rs.getObject(3)))
                .single();
    }

    /** Open cases of the unit with a missed deadline, earliest due first. */
    public List<MissedDeadline> missedDeadlines(String municipality, String unit) {
        return jdbc.sql("""
                        SELECT d.case_id, d.kind, d.due_on FROM case_deadline d JOIN case_summary c ON c.case_id = d.case_id
                        WHERE c.municipality = ? AND c.unit = ? AND c.status = 'OPEN' AND d.state = 'MISSED' ORDER BY d.due_on""")
                .params(municipality, unit)
                .query((rs, n) -> new MissedDeadline(rs.getObject(1, UUID.class), rs.getString(2), rs.getDate(3).toLocalDate()))
                .list();
    }
}
