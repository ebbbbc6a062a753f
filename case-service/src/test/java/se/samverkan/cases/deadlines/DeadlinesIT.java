package se.samverkan.cases.deadlines;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.cases.deadlines.DeadlineWatch;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.Topics;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.*;

class DeadlinesIT extends IntegrationTest {

    @Autowired
    DeadlineWatch watch;

    @Test
    void deadlinesAreScheduledByPhaseMissedWhenOverdueAndReportedToTheSupervisor() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        CloudEvent firstContact = awaitEvent(Topics.CASE_EVENTS, e -> ofType("se.samverkan.case.deadline-scheduled.v1", caseId).test(e)
                && e.data().get("kind").asString().equals("FIRST_FAMILY_CONTACT"));
        assertThat(ContractSchemas.violations(firstContact.type(), firstContact.data())).isEmpty();

        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/phase-changes", "{\"phase\":\"PRELIMINARY_ASSESSMENT\"}").status()).isEqualTo(200);
        CloudEvent assessment = awaitEvent(Topics.CASE_EVENTS, e -> ofType("se.samverkan.case.deadline-scheduled.v1", caseId).test(e)
                && e.data().get("kind").asString().equals("PRELIMINARY_ASSESSMENT"));
        assertThat(assessment.data().get("dueOn").asString()).isEqualTo(today().plusDays(14).toString());

        Response lul = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/lul-deadlines",
                "{\"kind\":\"LUL_POLICE_INVESTIGATION\",\"dueOn\":\"" + today().minusDays(1) + "\"}");
        assertThat(lul.status()).isEqualTo(201);
        String deadlineId = lul.json().get("deadlineId").asString();
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/family-contacts", "{\"on\":\"" + today() + "\"}").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT count(*) FROM case_deadline WHERE deadline_id = ?::uuid")
                .param(deadlineId).query(Integer.class).single() == 1);
        watch.check();

        CloudEvent missed = awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.deadline-missed.v1", caseId));
        assertThat(missed.data().get("deadlineId").asString()).isEqualTo(deadlineId);
        assertThat(missed.data().has("actor")).isFalse();
        CloudEvent met = awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.deadline-met.v1", caseId));
        assertThat(met.data().get("kind").asString()).isEqualTo("FIRST_FAMILY_CONTACT");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Response report = get(SUPERVISOR, "/api/reports/units/haninge-ungdom/timeliness");
            assertThat(report.status()).isEqualTo(200);
            assertThat(report.body()).contains(caseId.toString(), "LUL_POLICE_INVESTIGATION");
            assertThat(report.json().get("intakeToFirstFamilyContact").get("cases").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(report.json().get("intakeToFirstFamilyContact").get("medianDays").asDouble()).isGreaterThanOrEqualTo(0);
        });
        assertThat(get(SOCIAL_WORKER, "/api/reports/units/haninge-ungdom/timeliness").status()).isEqualTo(403);
        assertThat(get(SUPERVISOR, "/api/reports/units/haninge-avhopp/timeliness").status()).isEqualTo(403);
    }
}
