package se.samverkan.cases.intake;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.platform.test.TestPersonnummer;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.Topics;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.test.TestUser;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.platform.test.TestUser.*;

/**
 * Forwarding loops over three units (issue 15 leftovers): haninge-ungdom → haninge-avhopp → Botkyrka's exit unit, which
 * may send it neither back to haninge-avhopp nor round to haninge-ungdom. The refusal is a 409 naming every unit the
 * report has been at and what to do instead; nothing is placed, nothing is retried.
 */
class ForwardingLoopIT extends IntegrationTest {

    /** A social worker of Botkyrka's exit unit (no demo user works there; the token is all the policy needs). */
    static final TestUser KARIN = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6c27", "karin", EnumSet.of(Role.SOCIAL_WORKER),
            Agency.SOCIAL_SERVICES, "0127", "botkyrka-avhopp", "karin@botkyrka.example");

    @Autowired
    ForwardedReports forwardedReports;

    @Test
    void aReportIsNotSentBackToAnyUnitItHasAlreadyBeenAtAndTheRefusalSaysWhereItWasAndWhatToDo() {
        String pnr = TestPersonnummer.fresh();
        Response sent = post(POLICE_LIAISON, "/api/intake/reports", """
                {"receivingUnit":"haninge-ungdom","concernTypes":["CRIMINAL_NETWORK"],"summary":"Vill lämna gänget",
                 "subject":{"personalIdentityNumber":"%s","name":"Kim Slingasson"}}""".formatted(pnr));
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        UUID reportId = sent.uuid("reportId");

        UUID caseA = caseIn(reportId, "haninge-ungdom");
        assertThat(post(SOCIAL_WORKER_COLLEAGUE, path(caseA, reportId, "safety-assessment"), "{\"immediateProtectionNeeded\":false}").status()).isEqualTo(200);
        assertThat(post(SOCIAL_WORKER_COLLEAGUE, path(caseA, reportId, "forwarding"),
                "{\"toUnit\":\"haninge-avhopp\",\"reasonCode\":\"OTHER_UNIT_RESPONSIBLE\"}").status()).isEqualTo(200);

        UUID caseB = caseIn(reportId, "haninge-avhopp");
        assertThat(post(SOCIAL_WORKER_OTHER_UNIT, path(caseB, reportId, "safety-assessment"), "{\"immediateProtectionNeeded\":false}").status()).isEqualTo(200);
        Response straightBack = post(SOCIAL_WORKER_OTHER_UNIT, path(caseB, reportId, "forwarding"),
                "{\"toUnit\":\"haninge-ungdom\",\"reasonCode\":\"OTHER\"}");
        assertThat(straightBack.status()).as(straightBack.body()).isEqualTo(409);
        assertThat(straightBack.json().get("code").asString()).isEqualTo("forwarding-loop");
        assertThat(post(SOCIAL_WORKER_OTHER_UNIT, path(caseB, reportId, "forwarding"),
                "{\"toMunicipality\":\"0127\",\"toUnit\":\"botkyrka-avhopp\",\"reasonCode\":\"RESIDES_IN_OTHER_MUNICIPALITY\"}").status()).isEqualTo(200);

        UUID caseC = caseIn(reportId, "botkyrka-avhopp");
        assertThat(post(KARIN, path(caseC, reportId, "safety-assessment"), "{\"immediateProtectionNeeded\":false}").status()).isEqualTo(200);
        refusesTheLoops(reportId, caseA, caseB, caseC, pnr);

        // the intake's read model not yet having any of the three legs (as on a loaded machine, where it lags the event
        // store) must not open the loop: the route came with the report, so the refusal needs no read model
        superuser.sql("CREATE TABLE held_intake_report AS SELECT * FROM intake_report WHERE report_id = ?").param(reportId).update();
        try {
            superuser.sql("DELETE FROM intake_report WHERE report_id = ?").param(reportId).update();
            refusesTheLoops(reportId, caseA, caseB, caseC, pnr);
        } finally {
            superuser.sql("INSERT INTO intake_report SELECT * FROM held_intake_report ON CONFLICT DO NOTHING").update();
            superuser.sql("DROP TABLE held_intake_report").update();
        }

        // the insider with a valid token: haninge-avhopp cannot pull it back through Botkyrka's case, nor can the police
        assertThat(post(SOCIAL_WORKER_OTHER_UNIT, path(caseC, reportId, "forwarding"),
                "{\"toMunicipality\":\"0136\",\"toUnit\":\"haninge-ungdom\",\"reasonCode\":\"OTHER\"}").status()).isEqualTo(404);
        assertThat(post(POLICE_LIAISON, path(caseC, reportId, "forwarding"),
                "{\"toMunicipality\":\"0136\",\"toUnit\":\"haninge-ungdom\",\"reasonCode\":\"OTHER\"}").status()).isEqualTo(404);

        // nothing was placed and nothing waits to be retried: the report is received three times, once in each unit
        forwardedReports.placeMissingLegs();
        assertThat(events(Topics.CASE_EVENTS, e -> e.type().equals(IntakeIT.REPORT_RECEIVED)
                && e.data().get("reportId").asString().equals(reportId.toString()))).hasSize(3);
        // the unit that has it keeps it and assesses it
        Response assessed = post(KARIN, path(caseC, reportId, "assessment"), "{\"decision\":\"NO_INVESTIGATION\"}");
        assertThat(assessed.status()).as(assessed.body()).isEqualTo(200);
    }

    private void refusesTheLoops(UUID reportId, UUID caseA, UUID caseB, UUID caseC, String pnr) {
        for (String unit : List.of("haninge-ungdom", "haninge-avhopp")) {
            Response loop = post(KARIN, path(caseC, reportId, "forwarding"),
                    "{\"toMunicipality\":\"0136\",\"toUnit\":\"" + unit + "\",\"reasonCode\":\"RESIDES_IN_OTHER_MUNICIPALITY\"}");
            assertThat(loop.status()).as(loop.body()).isEqualTo(409);
            assertThat(loop.header("Content-Type")).startsWith("application/problem+json");
            assertThat(loop.json().get("code").asString()).isEqualTo("forwarding-loop");
            assertThat(loop.json().get("detail").asString()).contains("has already been at " + unit, "assess it here", "escalate");
            List<String> visited = new ArrayList<>();
            loop.json().get("visited").forEach(v -> visited.add(v.get("municipality").asString() + "/" + v.get("unit").asString()));
            assertThat(visited).containsExactlyInAnyOrder("0136/haninge-ungdom", "0136/haninge-avhopp", "0127/botkyrka-avhopp");
            assertThat(loop.body()).as("where it was, not whose it is").doesNotContain(caseA.toString(), caseB.toString(), pnr.replace("-", ""));
        }
    }

    private static UUID caseIn(UUID reportId, String unit) {
        CloudEvent received = awaitEvent(Topics.CASE_EVENTS, e -> e.type().equals(IntakeIT.REPORT_RECEIVED)
                && e.data().get("reportId").asString().equals(reportId.toString())
                && e.data().get("caseRef").get("unit").asString().equals(unit));
        return UUID.fromString(received.subject());
    }

    private static String path(UUID caseId, UUID reportId, String step) {
        return "/api/cases/" + caseId + "/reports/" + reportId + "/" + step;
    }
}
