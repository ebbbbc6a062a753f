package se.samverkan.localstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samverkan.platform.test.TestPersonnummer;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.localstack.ItStack.token;

/**
 * The attacker's view of issue 10 item 2 ("Subject access export is a municipality-wide look-up"), with real
 * Keycloak tokens against the whole stack. cecilia supervises haninge-ungdom; bertil's exit-program case in
 * haninge-avhopp is none of her business. Before the fix, posting the subject's personnummer to
 * {@code /api/subject-access/exports} handed her that case's notes. Now the export exists only as the last step of a
 * registered request a second person approved (eva, the data-protection role, since the demo realm has no second
 * Haninge supervisor), and every case it includes is an access event in the audit log.
 */
class AttackerSubjectAccessIT {

    private static final Duration PROPAGATION = Duration.ofSeconds(60);

    private static Stack stack;

    @BeforeAll
    static void stack() {
        stack = ItStack.started();
    }

    record ExitCase(String caseId, String pnr, String name, String note) {
    }

    @Test
    void cecilia_posting_another_units_subjects_personnummer_to_the_old_export_gets_nothing_of_that_case() {
        ExitCase avhopp = bertilOpensAnExitCase();
        String cecilia = token(TestUser.SUPERVISOR);

        HttpResponse<String> lookUp = Http.postJson(cases("/api/subject-access/exports"), cecilia,
                "{\"personalIdentityNumber\":\"" + avhopp.pnr() + "\"}");

        assertThat(lookUp.statusCode()).as(lookUp.body()).isIn(403, 404, 405);
        assertThat(lookUp.body()).doesNotContain(avhopp.caseId(), avhopp.note(), avhopp.name());
        assertThat(Http.get(cases("/api/cases/" + avhopp.caseId()), cecilia).statusCode()).isEqualTo(404);
    }

    @Test
    void cecilia_cannot_approve_her_own_request_eva_approves_and_only_then_ceciliasExportHoldsTheAvhoppCase_which_eva_cannot_read() {
        ExitCase avhopp = bertilOpensAnExitCase();
        String cecilia = token(TestUser.SUPERVISOR);
        String eva = token(TestUser.COMPLIANCE_OFFICER);
        String bertil = token(TestUser.SOCIAL_WORKER_OTHER_UNIT);

        HttpResponse<String> registered = Http.postJson(cases("/api/subject-access/requests"), cecilia,
                "{\"personalIdentityNumber\":\"" + avhopp.pnr() + "\",\"reference\":\"SN 2026/" + serial()
                        + "\",\"reasonCode\":\"SUBJECT_REQUEST\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String request = cases("/api/subject-access/requests/" + Http.json(registered).path("requestId").asString());

        HttpResponse<String> early = Http.postJson(request + "/export", cecilia, "");
        assertThat(early.statusCode()).as("no export before approval").isEqualTo(403);
        assertThat(early.body()).doesNotContain(avhopp.caseId(), avhopp.note());

        HttpResponse<String> own = Http.postJson(request + "/approval", cecilia, "");
        assertThat(own.statusCode()).as("four eyes: " + own.body()).isEqualTo(403);
        assertThat(Http.postJson(request + "/approval", bertil, "").statusCode()).as("a social worker decides nothing").isEqualTo(404);

        HttpResponse<String> approved = Http.postJson(request + "/approval", eva, "");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(Http.json(approved).path("decidedBy").asString()).isEqualTo(TestUser.COMPLIANCE_OFFICER.id());

        HttpResponse<String> evasExport = Http.postJson(request + "/export", eva, "");
        assertThat(evasExport.statusCode()).as("the data-protection role never reads the export").isEqualTo(403);
        assertThat(evasExport.body()).doesNotContain(avhopp.caseId(), avhopp.note(), avhopp.name());
        HttpResponse<String> evasView = Http.get(request, eva);
        assertThat(evasView.statusCode()).isEqualTo(200);
        assertThat(evasView.body()).doesNotContain(avhopp.note(), avhopp.name(), avhopp.pnr().replace("-", ""));

        HttpResponse<String> export = Http.postJson(request + "/export", cecilia, "");
        assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
        assertThat(export.body()).contains(avhopp.caseId(), avhopp.note(), avhopp.name());
        assertThat(Http.postJson(request + "/export", cecilia, "").statusCode()).as("an approval is good for one export").isEqualTo(403);

        await("SUBJECT_ACCESS_EXPORT of the avhopp case in the audit log").atMost(PROPAGATION).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    HttpResponse<String> entries = Http.get(ItStack.serviceUrl("audit-service") + "/api/audit/entries?caseId=" + avhopp.caseId(), eva);
                    assertThat(entries.statusCode()).as(entries.body()).isEqualTo(200);
                    List<JsonNode> exports = new ArrayList<>();
                    collect(Http.json(entries), n -> "SUBJECT_ACCESS_EXPORT".equals(n.path("operation").asString(null)), exports);
                    assertThat(exports).anySatisfy(e -> {
                        assertThat(e.path("caseId").asString()).isEqualTo(avhopp.caseId());
                        assertThat(e.path("outcome").asString()).isEqualTo("ALLOWED");
                        assertThat(e.path("purpose").asString()).isEqualTo("SUBJECT_ACCESS_REQUEST");
                        assertThat(e.path("actor").path("userId").asString()).isEqualTo(TestUser.SUPERVISOR.id());
                        assertThat(e.toString()).doesNotContain(avhopp.pnr().replace("-", ""), avhopp.name());
                    });
                });
    }

    private ExitCase bertilOpensAnExitCase() {
        String bertil = token(TestUser.SOCIAL_WORKER_OTHER_UNIT);
        String tag = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L), 36);
        String pnr = personnummer();
        String name = "Avhoppare Ansson" + tag;
        HttpResponse<String> opened = Http.postJson(cases("/api/cases"), bertil, """
                {"program":"EXIT_PROGRAM","subject":{"personalIdentityNumber":"%s","name":"%s","address":"Gömda gatan %s"},"team":[]}"""
                .formatted(pnr, name, tag));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String caseId = Http.json(opened).path("caseId").asString();
        String note = "Avhopparsamtal " + tag + ": lämnar nätverket";
        HttpResponse<String> noted = Http.postJson(cases("/api/cases/" + caseId + "/notes"), bertil, "{\"text\":\"" + note + "\"}");
        assertThat(noted.statusCode()).as(noted.body()).isEqualTo(201);
        return new ExitCase(caseId, pnr, name, note);
    }

    private static String cases(String path) {
        return ItStack.serviceUrl("case-service") + path;
    }

    private static int serial() {
        return ThreadLocalRandom.current().nextInt(1, 99999);
    }

    private static String personnummer() {
        LocalDate birth = LocalDate.of(1998, 1 + ThreadLocalRandom.current().nextInt(12), 1 + ThreadLocalRandom.current().nextInt(28));
        return TestPersonnummer.anyBornOn(birth);
    }

    private static void collect(JsonNode node, java.util.function.Predicate<JsonNode> match, List<JsonNode> found) {
        if (node.isObject() && match.test(node)) {
            found.add(node);
        }
        node.valueStream().forEach(child -> collect(child, match, found));
    }
}
