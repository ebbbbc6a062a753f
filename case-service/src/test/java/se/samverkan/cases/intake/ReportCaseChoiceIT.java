package se.samverkan.cases.intake;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.platform.test.TestPersonnummer;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.Topics;
import se.samverkan.platform.test.TestUser;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.*;

/**
 * A subject with several open cases in the unit (issue 15 leftovers): a new report joins the case with a team before
 * an unassigned intake, then the latest opened ({@code domain.ReportCaseChoice}); never a case of another unit.
 */
class ReportCaseChoiceIT extends IntegrationTest {

    @Test
    void aReportJoinsTheCaseWithATeamBeforeANewerUnassignedIntakeAndOtherwiseTheLatestOpened() {
        String pnr = TestPersonnummer.fresh();
        UUID withTeam = open(SOCIAL_WORKER, pnr, "\"" + SOCIAL_WORKER.id() + "\"");
        UUID otherUnit = open(SOCIAL_WORKER_OTHER_UNIT, pnr, "\"" + SOCIAL_WORKER_OTHER_UNIT.id() + "\"");
        // anna's case is closed, a police report opens a new (unassigned) intake, then anna's case is reopened:
        // the subject now has an older case with a team and a newer one without
        Response closed = post(SOCIAL_WORKER, "/api/cases/" + withTeam + "/closure", "{\"outcome\":\"GOALS_MET\"}");
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        UUID opening = report(pnr);
        UUID unassigned = UUID.fromString(received(opening).subject());
        assertThat(unassigned).isNotEqualTo(withTeam);
        Response reopened = post(SOCIAL_WORKER, "/api/cases/" + withTeam + "/reopening", "{\"reason\":\"Ny information\"}");
        assertThat(reopened.status()).as(reopened.body()).isEqualTo(200);
        await().atMost(java.time.Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT count(*) FROM intake_case WHERE case_id = ? AND status = 'OPEN'")
                .param(withTeam).query(Integer.class).single() == 1);

        UUID first = report(pnr);
        CloudEvent joined = received(first);
        assertThat(joined.subject()).as("anna's case with a team, not the newer unassigned intake").isEqualTo(withTeam.toString());
        assertThat(joined.data().get("attached").asBoolean()).isTrue();

        // once the newer case has a team too, the latest opened is the current one
        assertThat(put(SUPERVISOR, "/api/cases/" + unassigned + "/team", "{\"team\":[\"" + SOCIAL_WORKER_COLLEAGUE.id() + "\"]}").status())
                .isEqualTo(200);
        UUID second = report(pnr);
        assertThat(received(second).subject()).isEqualTo(unassigned.toString()).isNotEqualTo(otherUnit.toString());
    }

    private UUID open(TestUser user, String pnr, String team) {
        Response opened = post(user, "/api/cases", """
                {"program":"RAPID_INTERVENTION","subject":{"personalIdentityNumber":"%s","name":"Kim Flerasson"},"team":[%s]}"""
                .formatted(pnr, team));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return opened.uuid("caseId");
    }

    private UUID report(String pnr) {
        Response sent = post(POLICE_LIAISON, "/api/intake/reports", """
                {"receivingUnit":"haninge-ungdom","concernTypes":["SUSPECTED_CRIME"],"summary":"Ny anmälan",
                 "subject":{"personalIdentityNumber":"%s","name":"Kim Flerasson"}}""".formatted(pnr));
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        return sent.uuid("reportId");
    }

    private static CloudEvent received(UUID reportId) {
        return awaitEvent(Topics.CASE_EVENTS, e -> e.type().equals(IntakeIT.REPORT_RECEIVED)
                && e.data().get("reportId").asString().equals(reportId.toString()));
    }
}
