package se.samverkan.cases.subjectaccess;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.platform.test.TestPersonnummer;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.Topics;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.platform.test.TestUser.*;

/**
 * The registerutdrag lists the reports and concerns about the subject (GDPR art. 15, issue 15 leftovers): receipt,
 * the reporter's agency and role, concern types, handling and forwarding legs — and, because of reporter secrecy
 * (OSL 26 kap. 5 §), never who reported (person or unit) nor what they wrote; the export says so itself.
 */
class SubjectAccessReportsIT extends IntegrationTest {

    static final String REPORT_RECEIVED = "se.samverkan.case.report-received.v1";

    @Test
    void theExportListsEachReportWithDateCategoryConcernsStatusAndLegsButNeverWhoReportedOrWhatTheyWrote() {
        String pnr = TestPersonnummer.fresh();
        UUID fromPolice = report(POLICE_LIAISON, pnr, "[\"NARCOTICS\"]", "Gripen med narkotika vid centrum");
        UUID caseA = caseIn(fromPolice, "haninge-ungdom");
        UUID fromSchool = report(SCHOOL_COUNSELLOR, pnr, "[\"SCHOOL_ABSENCE\"]", "Hög frånvaro sedan oktober enligt mentor");
        assertThat(caseIn(fromSchool, "haninge-ungdom")).as("the concern joined the open case").isEqualTo(caseA);
        assertThat(post(SOCIAL_WORKER_COLLEAGUE, path(caseA, fromSchool, "safety-assessment"), "{\"immediateProtectionNeeded\":false}").status()).isEqualTo(200);
        assertThat(post(SOCIAL_WORKER_COLLEAGUE, path(caseA, fromSchool, "forwarding"),
                "{\"toUnit\":\"haninge-avhopp\",\"reasonCode\":\"KNOWN_TO_OTHER_UNIT\"}").status()).isEqualTo(200);
        UUID caseB = caseIn(fromSchool, "haninge-avhopp");

        Response registered = post(SUPERVISOR, "/api/subject-access/requests",
                "{\"personalIdentityNumber\":\"" + pnr + "\",\"reference\":\"SN 2026/4711\",\"reasonCode\":\"SUBJECT_REQUEST\"}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        UUID requestId = registered.uuid("requestId");
        assertThat(post(COMPLIANCE_OFFICER, "/api/subject-access/requests/" + requestId + "/approval", null).status()).isEqualTo(200);
        Response export = post(SUPERVISOR, "/api/subject-access/requests/" + requestId + "/export", null);
        assertThat(export.status()).as(export.body()).isEqualTo(200);

        List<String> legs = new ArrayList<>();
        for (JsonNode c : export.json().get("cases")) {
            for (JsonNode r : c.get("reports")) {
                legs.add(c.get("caseId").asString() + " " + r.get("reportId").asString() + " " + r.get("reporterAgency").asString()
                        + "/" + r.get("reporterRole").asString() + " " + r.get("concernTypes").toString() + " " + r.get("status").asString()
                        + " from=" + r.path("receivedFromUnit").asString("") + " to=" + r.path("forwardedToUnit").asString(""));
                assertThat(r.get("receivedAt").asString()).startsWith(today().toString().substring(0, 4));
            }
        }
        assertThat(legs).containsExactlyInAnyOrder(
                caseA + " " + fromPolice + " POLICE/POLICE [\"NARCOTICS\"] RECEIVED from= to=",
                caseA + " " + fromSchool + " MUNICIPALITY/SCHOOL [\"SCHOOL_ABSENCE\"] FORWARDED from= to=haninge-avhopp",
                caseB + " " + fromSchool + " MUNICIPALITY/SCHOOL [\"SCHOOL_ABSENCE\"] RECEIVED from=haninge-ungdom to=");
        assertThat(export.json().get("reportsNote").asString()).contains("26 kap. 5 §", "Anmälarens identitet");

        // reporter secrecy: neither the person nor the unit that reported, nor their words, reach the subject
        assertThat(export.body()).doesNotContain(POLICE_LIAISON.id(), SCHOOL_COUNSELLOR.id(), POLICE_LIAISON.username(),
                SCHOOL_COUNSELLOR.username(), "polisen-haninge", "haninge-skola", "Gripen med narkotika", "Hög frånvaro",
                "reporterUnit", "summary");
    }

    /**
     * The export leaves the municipality: for a subject with a protected identity it says that a report was forwarded,
     * never to which municipality or unit nor that it was because they live there now.
     */
    @Test
    void theExportOfAProtectedSubjectSaysAReportWasForwardedButNotWhere() {
        String pnr = TestPersonnummer.fresh();
        UUID fromPolice = report(POLICE_LIAISON, pnr, "[\"EXPOSED_TO_VIOLENCE\"]", "Hot mot den unge");
        UUID caseA = caseIn(fromPolice, "haninge-ungdom");
        assertThat(put(SUPERVISOR, "/api/cases/" + caseA + "/protected-identity", "{\"level\":\"SKYDDAD_FOLKBOKFORING\"}").status()).isEqualTo(200);
        assertThat(post(SUPERVISOR, path(caseA, fromPolice, "safety-assessment"), "{\"immediateProtectionNeeded\":true}").status()).isEqualTo(200);
        Response forwarded = post(SUPERVISOR, path(caseA, fromPolice, "forwarding"),
                "{\"toMunicipality\":\"0127\",\"toUnit\":\"botkyrka-avhopp\",\"reasonCode\":\"RESIDES_IN_OTHER_MUNICIPALITY\"}");
        assertThat(forwarded.status()).as(forwarded.body()).isEqualTo(200);

        Response registered = post(SUPERVISOR, "/api/subject-access/requests",
                "{\"personalIdentityNumber\":\"" + pnr + "\",\"reference\":\"SN 2026/4712\",\"reasonCode\":\"SUBJECT_REQUEST\"}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        UUID requestId = registered.uuid("requestId");
        assertThat(post(COMPLIANCE_OFFICER, "/api/subject-access/requests/" + requestId + "/approval", null).status()).isEqualTo(200);
        Response export = post(SUPERVISOR, "/api/subject-access/requests/" + requestId + "/export", null);
        assertThat(export.status()).as(export.body()).isEqualTo(200);

        JsonNode leg = export.json().get("cases").get(0).get("reports").get(0);
        assertThat(leg.get("status").asString()).isEqualTo("FORWARDED");
        assertThat(leg.hasNonNull("forwardedToMunicipality") || leg.hasNonNull("forwardedToUnit") || leg.hasNonNull("forwardingReason"))
                .as(leg.toString()).isFalse();
        assertThat(export.body()).doesNotContain("botkyrka", "RESIDES_IN_OTHER_MUNICIPALITY");
    }

    private UUID report(se.samverkan.platform.test.TestUser user, String pnr, String concernTypes, String summary) {
        Response sent = post(user, "/api/intake/reports", """
                {"receivingUnit":"haninge-ungdom","concernTypes":%s,"summary":"%s",
                 "subject":{"personalIdentityNumber":"%s","name":"Kim Utdragsson"}}""".formatted(concernTypes, summary, pnr));
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        return sent.uuid("reportId");
    }

    private static UUID caseIn(UUID reportId, String unit) {
        CloudEvent received = awaitEvent(Topics.CASE_EVENTS, e -> e.type().equals(REPORT_RECEIVED)
                && e.data().get("reportId").asString().equals(reportId.toString())
                && e.data().get("caseRef").get("unit").asString().equals(unit));
        return UUID.fromString(received.subject());
    }

    private static String path(UUID caseId, UUID reportId, String step) {
        return "/api/cases/" + caseId + "/reports/" + reportId + "/" + step;
    }
}
