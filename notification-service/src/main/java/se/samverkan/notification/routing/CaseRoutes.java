package se.samverkan.notification.routing;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.CaseRef;
import se.samverkan.contracts.IntegrationEvent;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.cases.CaseDataCleared;
import se.samverkan.contracts.cases.CaseIntegrationEvent;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.contracts.cases.CaseTeamChanged;
import se.samverkan.contracts.cases.ProtectionChanged;
import se.samverkan.contracts.cases.ReferralAwaitingApproval;
import se.samverkan.contracts.cases.ReferralSent;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The projection of case routing data (team, unit, protected identity) and of where referrals went. */
@Repository
public class CaseRoutes {

    private final JdbcClient jdbc;

    public CaseRoutes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<CaseRoute> find(UUID caseId) {
        return jdbc.sql("""
                        SELECT case_id, program, municipality, unit, protected_identity, owner_user_id, team
                        FROM case_routes WHERE case_id = ?""")
                .param(caseId)
                .query(CaseRoutes::route)
                .optional();
    }

    /** Whether the case's data was cleared (CaseDataCleared): its route is gone for good, not just not there yet. */
    public boolean isCleared(UUID caseId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM cleared_cases WHERE case_id = ?)").param(caseId).query(Boolean.class).single();
    }

    public Optional<String> policeUnitOf(UUID referralId) {
        return jdbc.sql("SELECT police_unit FROM referral_routes WHERE referral_id = ?")
                .param(referralId)
                .query(String.class)
                .optional();
    }

    /** Keeps the projection current; called in the transaction that records the event as processed. */
    public void apply(IntegrationEvent event) {
        if (!(event instanceof CaseIntegrationEvent caseEvent)) {
            return;
        }
        switch (caseEvent) {
            case CaseOpened opened -> upsert(opened.caseRef(), owner(opened.actor(), opened.team()), opened.team());
            case CaseTeamChanged changed -> upsert(changed.caseRef(), null, changed.team());
            case ReferralSent sent -> referral(sent.referralId(), sent.caseRef().caseId(), sent.policeUnit());
            case ReferralAwaitingApproval waiting -> referral(waiting.referralId(), waiting.caseRef().caseId(), waiting.policeUnit());
            case CaseDataCleared cleared -> {
                // nothing left to notify about once the case's personal data is gone; the marker tells a cleared case
                // from one not routed yet (no route either), so that no mail waiting about it goes out (MailDispatcher)
                jdbc.sql("DELETE FROM referral_routes WHERE case_id = ?").param(cleared.caseRef().caseId()).update();
                jdbc.sql("DELETE FROM case_routes WHERE case_id = ?").param(cleared.caseRef().caseId()).update();
                jdbc.sql("INSERT INTO cleared_cases (case_id) VALUES (?) ON CONFLICT (case_id) DO NOTHING")
                        .param(cleared.caseRef().caseId()).update();
            }
            // the level itself changed: from this transaction on the unit queue and the mail honour it (ProtectedCases)
            case ProtectionChanged changed -> refreshProtectedIdentity(changed.caseRef());
            default -> refreshProtectedIdentity(caseEvent.caseRef());
        }
    }

    private static String owner(ActorRef actor, List<String> team) {
        if (actor != null && team.contains(actor.userId())) {
            return actor.userId();
        }
        return team.isEmpty() ? null : team.getFirst();
    }

    private void upsert(CaseRef ref, String owner, List<String> team) {
        jdbc.sql("""
                        INSERT INTO case_routes (case_id, program, municipality, unit, protected_identity, owner_user_id, team)
                        VALUES (:caseId, :program, :municipality, :unit, :protectedIdentity, :owner, :team)
                        ON CONFLICT (case_id) DO UPDATE SET
                            program = excluded.program, municipality = excluded.municipality, unit = excluded.unit,
                            protected_identity = excluded.protected_identity,
                            owner_user_id = coalesce(case_routes.owner_user_id, excluded.owner_user_id),
                            team = excluded.team, updated_at = now()""")
                .param("caseId", ref.caseId())
                .param("program", ref.program().name())
                .param("municipality", ref.municipality())
                .param("unit", ref.unit())
                .param("protectedIdentity", protectedIdentity(ref).name())
                .param("owner", owner)
                .param("team", team.toArray(String[]::new))
                .update();
    }

    /** The flag travels in every event; the latest one wins so a newly protected subject is hidden from then on. */
    private void refreshProtectedIdentity(CaseRef ref) {
        jdbc.sql("UPDATE case_routes SET protected_identity = ?, unit = ?, updated_at = now() WHERE case_id = ? AND (protected_identity <> ? OR unit <> ?)")
                .params(protectedIdentity(ref).name(), ref.unit(), ref.caseId(), protectedIdentity(ref).name(), ref.unit())
                .update();
    }

    private void referral(UUID referralId, UUID caseId, String policeUnit) {
        jdbc.sql("""
                        INSERT INTO referral_routes (referral_id, case_id, police_unit) VALUES (?, ?, ?)
                        ON CONFLICT (referral_id) DO UPDATE SET police_unit = excluded.police_unit""")
                .params(referralId, caseId, policeUnit)
                .update();
    }

    private static ProtectedIdentity protectedIdentity(CaseRef ref) {
        return ref.protectedIdentity() == null ? ProtectedIdentity.NONE : ref.protectedIdentity();
    }

    private static CaseRoute route(ResultSet rs, int row) throws SQLException {
        return new CaseRoute(rs.getObject("case_id", UUID.class), Program.valueOf(rs.getString("program")),
                rs.getString("municipality"), rs.getString("unit"), ProtectedIdentity.valueOf(rs.getString("protected_identity")),
                rs.getString("owner_user_id"), strings(rs.getArray("team")));
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
