package se.samverkan.cases.intake;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.platform.test.TestPersonnummer;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.Topics;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.*;

/**
 * SoL 14 kap. 1 b §, "om det inte är olämpligt" (issue 15 leftovers): the case's team withholds a report's feedback
 * with a reason code; the sender then reads "received" and nothing more, the status events are marked so nobody
 * notifies it, and lifting the decision gives the feedback back. Another unit, a colleague off the team and the
 * reporter itself cannot withhold, lift or read the decision; every attempt is an access event.
 */
class FeedbackWithholdingIT extends IntegrationTest {

    @Test
    void theTeamWithholdsTheReportersFeedbackTheReporterSeesOnlyReceivedAndNoticesStopUntilItIsLifted() {
        Response sent = post(POLICE_LIAISON, "/api/intake/reports", """
                {"receivingUnit":"haninge-ungdom","concernTypes":["EXPOSED_TO_VIOLENCE"],"summary":"Misstänkt misshandel i hemmet",
                 "subject":{"personalIdentityNumber":"%s","name":"Kim Tystsson"}}""".formatted(TestPersonnummer.fresh()));
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        UUID reportId = sent.uuid("reportId");
        UUID caseId = UUID.fromString(awaitEvent(Topics.CASE_EVENTS, e -> e.type().equals(IntakeIT.REPORT_RECEIVED)
                && e.data().get("reportId").asString().equals(reportId.toString())).subject());
        assertThat(post(SOCIAL_WORKER_COLLEAGUE, path(caseId, reportId, "safety-assessment"), "{\"immediateProtectionNeeded\":false}").status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(sentStatus(reportId).get("status").asString()).isEqualTo("SAFETY_ASSESSED"));
        assertThat(put(SUPERVISOR, "/api/cases/" + caseId + "/team", "{\"team\":[\"" + SOCIAL_WORKER.id() + "\"]}").status()).isEqualTo(200);
        String withholding = path(caseId, reportId, "feedback-withholding");

        Response free = put(SOCIAL_WORKER, withholding, "{\"reasonCode\":\"Pappan är polis\"}");
        assertThat(free.status()).as("a code, never free text").isEqualTo(422);
        assertThat(free.json().get("code").asString()).isEqualTo("unknown-code");
        assertThat(free.json().get("allowed").toString()).contains("HARMFUL_TO_CHILD", "REPORTER_CLOSE_TO_FAMILY");
        assertThat(free.body()).doesNotContain("Pappan");

        // the insiders with valid tokens: another unit, a colleague off the team, the reporter itself
        assertThat(put(SOCIAL_WORKER_OTHER_UNIT, withholding, "{\"reasonCode\":\"HARMFUL_TO_CHILD\"}").status()).isEqualTo(404);
        assertThat(put(SOCIAL_WORKER_COLLEAGUE, withholding, "{\"reasonCode\":\"HARMFUL_TO_CHILD\"}").status()).isEqualTo(403);
        assertThat(put(POLICE_LIAISON, withholding, "{\"reasonCode\":\"HARMFUL_TO_CHILD\"}").status()).isEqualTo(404);
        assertThat(get(POLICE_LIAISON, withholding).status()).isEqualTo(404);
        assertThat(put(SOCIAL_WORKER, path(caseId, UUID.randomUUID(), "feedback-withholding"), "{\"reasonCode\":\"HARMFUL_TO_CHILD\"}").status())
                .as("a report not on the case").isEqualTo(404);

        Response withheld = put(SOCIAL_WORKER, withholding, "{\"reasonCode\":\"HARMFUL_TO_CHILD\"}");
        assertThat(withheld.status()).as(withheld.body()).isEqualTo(200);
        assertThat(withheld.json().get("withheld").asBoolean()).isTrue();
        assertThat(withheld.json().get("reasonLabel").asString()).startsWith("Återkopplingen kan skada");
        assertThat(withheld.json().get("withheldBy").asString()).isEqualTo(SOCIAL_WORKER.id());
        assertThat(put(SUPERVISOR, withholding, "{\"reasonCode\":\"OTHER_UNSUITABLE\"}").json().get("reasonCode").asString())
                .as("one decision in force: a second one does not replace it").isEqualTo("HARMFUL_TO_CHILD");
        assertThat(get(SUPERVISOR, withholding).json().get("withheld").asBoolean()).isTrue();

        // the reporter reads its report as received, as on its first day: not the safety assessment, not the decision
        JsonNode view = sentStatus(reportId);
        assertThat(view.get("status").asString()).isEqualTo("RECEIVED");
        assertThat(view.get("steps").size()).isEqualTo(1);
        assertThat(view.toString()).doesNotContain("SAFETY_ASSESSED", "withh", "HARMFUL", caseId.toString());
        assertThat(sentListItem(reportId).get("status").asString()).isEqualTo("RECEIVED");

        // the assessment is made; its status event goes to the audit log marked, so no notice reaches the reporter
        assertThat(post(SOCIAL_WORKER, path(caseId, reportId, "assessment"), "{\"decision\":\"NO_INVESTIGATION\"}").status()).isEqualTo(200);
        CloudEvent concluded = awaitEvent(Topics.CASE_EVENTS, e -> e.type().equals(IntakeIT.STATUS_CHANGED)
                && e.data().get("reportId").asString().equals(reportId.toString())
                && e.data().get("reportStatus").asString().equals("NO_INVESTIGATION"));
        assertThat(ContractSchemas.violations(concluded.type(), concluded.data())).isEmpty();
        assertThat(concluded.data().get("feedbackWithheld").asBoolean()).isTrue();
        assertThat(concluded.data().toString()).doesNotContain("HARMFUL");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(sentStatus(reportId).get("status").asString()).isEqualTo("RECEIVED"));

        // lifting it resumes the feedback
        Response lifted = send(SOCIAL_WORKER, "DELETE", withholding, null);
        assertThat(lifted.status()).as(lifted.body()).isEqualTo(200);
        assertThat(lifted.json().get("withheld").asBoolean()).isFalse();
        assertThat(lifted.json().get("history").get(0).get("liftedBy").asString()).isEqualTo(SOCIAL_WORKER.id());
        JsonNode told = sentStatus(reportId);
        assertThat(told.get("status").asString()).isEqualTo("NO_INVESTIGATION");
        assertThat(told.get("statusOn").asString()).isEqualTo(today().toString());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<String> accesses = jdbc.sql("SELECT convert_from(cloud_event, 'UTF8') FROM access_outbox WHERE case_id = ?")
                    .param(caseId.toString()).query(String.class).list();
            assertThat(accesses).anyMatch(a -> a.contains("WITHHOLD_REPORTER_FEEDBACK") && a.contains(SOCIAL_WORKER.id()) && a.contains("ALLOWED"));
            assertThat(accesses).anyMatch(a -> a.contains("WITHHOLD_REPORTER_FEEDBACK") && a.contains(SOCIAL_WORKER_OTHER_UNIT.id()) && a.contains("DENIED"));
            assertThat(accesses).anyMatch(a -> a.contains("WITHHOLD_REPORTER_FEEDBACK") && a.contains(POLICE_LIAISON.id()) && a.contains("DENIED"));
            assertThat(accesses).noneMatch(a -> a.contains("HARMFUL_TO_CHILD") || a.contains("Pappan"));
        });
    }

    /** The sender's view is a read model: polled with untilAsserted, a 404 before it has caught up is retried. */
    private JsonNode sentStatus(UUID reportId) {
        Response response = get(POLICE_LIAISON, "/api/intake/reports/sent/" + reportId);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static String path(UUID caseId, UUID reportId, String step) {
        return "/api/cases/" + caseId + "/reports/" + reportId + "/" + step;
    }

    /** The report in the sender's list (newest first; other tests' reports may come before it). */
    private JsonNode sentListItem(UUID reportId) {
        return listed(POLICE_LIAISON, "/api/intake/reports/sent?limit=200").stream()
                .filter(item -> item.get("reportId").asString().equals(reportId.toString())).findFirst()
                .orElseThrow(() -> new AssertionError("report " + reportId + " is in no page of the sender's list"));
    }
}
