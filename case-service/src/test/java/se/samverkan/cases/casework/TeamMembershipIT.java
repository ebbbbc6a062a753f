package se.samverkan.cases.casework;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.cases.staff.JdbcStaffDirectory;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.Agency;
import se.samverkan.platform.directory.DirectoryEntry;
import se.samverkan.platform.identity.Role;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.platform.test.TestUser.*;

/** Issue 10 item 3: only active staff of the case's unit with a case role may be on its team. */
class TeamMembershipIT extends IntegrationTest {

    @Autowired
    JdbcStaffDirectory staff;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aCaseCannotBeOpenedWithThePoliceAnotherUnitOrAnUnknownIdOnItsTeam() {
        for (String outsider : List.of(POLICE_LIAISON.id(), SOCIAL_WORKER_OTHER_UNIT.id(), COMPLIANCE_OFFICER.id(), "no-such-user")) {
            Response refused = post(SOCIAL_WORKER, "/api/cases", openCaseBody("RAPID_INTERVENTION", "NONE", outsider));

            assertThat(refused.status()).as(outsider).isEqualTo(422);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.json().get("detail").asString()).contains(outsider).doesNotContain(SOCIAL_WORKER.id() + " (");
        }
        assertThat(post(SOCIAL_WORKER, "/api/cases", openCaseBody("RAPID_INTERVENTION", "NONE", POLICE_LIAISON.id()))
                .json().get("detail").asString()).contains("not staff of the case's unit").doesNotContain(POLICE_UNIT);

        Response allowed = post(SOCIAL_WORKER, "/api/cases", openCaseBody("RAPID_INTERVENTION", "NONE",
                SOCIAL_WORKER_COLLEAGUE.id(), SUPERVISOR.id()));
        assertThat(allowed.status()).isEqualTo(201);
    }

    @Test
    void aTeamCannotBeAssignedOutsideTheUnitAndNothingIsWrittenWhenOneMemberIsRefused() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");

        Response withPolice = put(SUPERVISOR, "/api/cases/" + caseId + "/team",
                "{\"team\":[\"" + SOCIAL_WORKER.id() + "\",\"" + POLICE_LIAISON.id() + "\"]}");
        Response withOtherUnit = put(SUPERVISOR, "/api/cases/" + caseId + "/team", "{\"team\":[\"" + SOCIAL_WORKER_OTHER_UNIT.id() + "\"]}");

        assertThat(withPolice.status()).isEqualTo(422);
        assertThat(withPolice.json().get("detail").asString()).contains(POLICE_LIAISON.id());
        assertThat(withOtherUnit.status()).isEqualTo(422);
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).json().get("team").toString())
                .contains(SOCIAL_WORKER.id()).doesNotContain(POLICE_LIAISON.id(), SOCIAL_WORKER_OTHER_UNIT.id());

        Response colleagues = put(SUPERVISOR, "/api/cases/" + caseId + "/team",
                "{\"team\":[\"" + SOCIAL_WORKER.id() + "\",\"" + SOCIAL_WORKER_COLLEAGUE.id() + "\"]}");
        assertThat(colleagues.status()).isEqualTo(200);
    }

    @Test
    void usersDisabledInKeycloakGoneFromTheRealmOrMovedAreRefusedAfterTheNextSync() {
        String stays = "kc-" + UUID.randomUUID();
        String leaves = "kc-" + UUID.randomUUID();
        sync(List.of(entry(stays, YOUTH_UNIT, true), entry(leaves, YOUTH_UNIT, true)));
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(assign(caseId, stays, leaves).status()).isEqualTo(200);

        sync(List.of(entry(stays, YOUTH_UNIT, false)));
        Response disabled = assign(caseId, stays);
        Response gone = assign(caseId, leaves);
        assertThat(disabled.status()).isEqualTo(422);
        assertThat(disabled.json().get("detail").asString()).contains(stays + " (not active");
        assertThat(gone.status()).isEqualTo(422);
        assertThat(gone.json().get("detail").asString()).contains(leaves + " (not active");

        sync(List.of(entry(stays, EXIT_UNIT, true)));
        assertThat(assign(caseId, stays).json().get("detail").asString()).contains(stays + " (not staff of the case's unit)");

        sync(List.of(entry(stays, YOUTH_UNIT, true)));
        assertThat(assign(caseId, stays).status()).isEqualTo(200);
    }

    @Test
    void theDirectoryCopyHoldsNoNameAndNoMailAddress() {
        List<String> columns = jdbc.sql("SELECT column_name FROM information_schema.columns WHERE table_name = 'staff_directory'")
                .query(String.class).list();
        assertThat(columns).contains("user_id", "unit", "case_roles", "active").doesNotContain("email", "username", "name");
    }

    private Response assign(UUID caseId, String... members) {
        String version = get(SUPERVISOR, "/api/cases/" + caseId).header("ETag");
        StringBuilder team = new StringBuilder("\"" + SOCIAL_WORKER.id() + "\"");
        for (String member : members) {
            team.append(",\"").append(member).append('"');
        }
        return put(SUPERVISOR, "/api/cases/" + caseId + "/team", "{\"team\":[" + team + "]}", "If-Match", version);
    }

    private void sync(List<DirectoryEntry> users) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> staff.applyKeycloakSnapshot(users));
    }

    private static DirectoryEntry entry(String id, String unit, boolean enabled) {
        return new DirectoryEntry(id, id, id + "@haninge.example", Agency.SOCIAL_SERVICES, HANINGE, unit,
                Set.of(Role.SOCIAL_WORKER), enabled);
    }
}
