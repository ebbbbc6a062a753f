package se.samverkan.localstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samverkan.platform.test.TestPersonnummer;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.localstack.ItStack.token;

/**
 * The attacker's view of the intake (issue 15), with real Keycloak tokens against the whole stack: reporters and social
 * workers of Haninge, each with a valid token, try to learn more than the intake gives them. Before issue 15 a second
 * report opened a second case, the reporting unit heard nothing, and a report could not be sent on at all; each test
 * here fails on that code.
 */
class AttackerIntakeIT {

    private static final Duration PROPAGATION = Duration.ofSeconds(60);

    private static Stack stack;

    @BeforeAll
    static void stack() {
        stack = ItStack.started();
    }

    /**
     * The police report, the school's concern joins the case, and the police follow their report as it moves — while
     * the school tries the police's report, both try the case, and a retried report with another body is refused.
     */
    @Test
    void reporters_follow_their_own_reports_and_nothing_else() {
        String david = token(TestUser.POLICE_LIAISON);
        String ingrid = token(TestUser.SCHOOL_COUNSELLOR);
        String jonas = token(TestUser.FIELD_ASSISTANT);
        String cecilia = token(TestUser.SUPERVISOR);
        String anna = token(TestUser.SOCIAL_WORKER);
        String pnr = personnummer();
        String summary = "Sålde narkotika vid skolan " + pnr.substring(9);

        String policeReport = send(david, pnr, "[\"NARCOTICS\"]", summary);
        String caseId = await("the report in the unit's queue").atMost(PROPAGATION).pollInterval(Duration.ofMillis(300))
                .until(() -> caseOf(cecilia, policeReport), id -> id != null);
        String schoolReport = send(ingrid, pnr, "[\"SCHOOL_ABSENCE\"]", "Hög frånvaro " + pnr.substring(9));
        JsonNode schoolRow = await("the concern joined the case").atMost(PROPAGATION).pollInterval(Duration.ofMillis(300))
                .until(() -> row(cecilia, schoolReport), r -> r != null);
        assertThat(schoolRow.path("caseId").asString()).isEqualTo(caseId);
        assertThat(schoolRow.path("attachedToOpenCase").asBoolean()).isTrue();

        // what a reporter may probe: another unit's report, an id that does not exist, the case itself
        assertThat(Http.get(cases("/api/intake/reports/sent/" + policeReport), ingrid).statusCode()).isEqualTo(404);
        assertThat(Http.get(cases("/api/intake/reports/sent/" + schoolReport), jonas).statusCode()).isEqualTo(404);
        assertThat(Http.get(cases("/api/intake/reports/sent/" + schoolReport), david).statusCode()).isEqualTo(404);
        assertThat(Http.get(cases("/api/intake/reports/sent/" + UUID.randomUUID()), ingrid).statusCode()).isEqualTo(404);
        for (String reporter : List.of(david, ingrid)) {
            assertThat(Http.get(cases("/api/cases/" + caseId), reporter).statusCode()).isEqualTo(404);
            assertThat(Http.get(cases("/api/cases?subjectId=" + UUID.randomUUID()), reporter).body()).doesNotContain(caseId);
            assertThat(Http.postJson(cases("/api/cases/" + caseId + "/reports/" + schoolReport + "/safety-assessment"), reporter,
                    "{\"immediateProtectionNeeded\":false}").statusCode()).isEqualTo(404);
            assertThat(Http.get(cases("/api/intake/units/haninge-ungdom/queue"), reporter).statusCode()).isEqualTo(403);
        }
        HttpResponse<String> schoolsView = Http.get(cases("/api/intake/reports/sent/" + schoolReport), ingrid);
        assertThat(schoolsView.statusCode()).isEqualTo(200);
        assertThat(Http.json(schoolsView).path("status").asString()).as("joined a case being assessed: reads as received").isEqualTo("RECEIVED");
        assertThat(schoolsView.body()).doesNotContain(caseId, pnr.replace("-", ""), pnr.substring(2), "attach", "polisen", "Hög frånvaro");

        // the case moves: the police's report reads "investigation opened", dated, and their inbox says so without the case
        assertThat(Http.postJson(cases("/api/cases/" + caseId + "/reports/" + policeReport + "/safety-assessment"), cecilia,
                "{\"immediateProtectionNeeded\":false}").statusCode()).isEqualTo(200);
        assertThat(put(cecilia, "/api/cases/" + caseId + "/team", "{\"team\":[\"" + TestUser.SOCIAL_WORKER.id() + "\"]}")).isEqualTo(200);
        assertThat(Http.postJson(cases("/api/cases/" + caseId + "/phase-changes"), anna, "{\"phase\":\"PRELIMINARY_ASSESSMENT\"}").statusCode())
                .isEqualTo(200);
        assertThat(Http.postJson(cases("/api/cases/" + caseId + "/phase-changes"), anna, "{\"phase\":\"INVESTIGATION\"}").statusCode())
                .isEqualTo(200);
        await("the police's report moved").atMost(PROPAGATION).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            JsonNode view = Http.json(Http.get(cases("/api/intake/reports/sent/" + policeReport), david));
            assertThat(view.path("status").asString()).isEqualTo("INVESTIGATION_OPENED");
            assertThat(view.path("statusOn").asString()).isEqualTo(LocalDate.now(java.time.ZoneId.of("Europe/Stockholm")).toString());
        });
        await("david's notice").atMost(PROPAGATION).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> inbox = Http.get(ItStack.serviceUrl("notification-service") + "/api/inbox", david);
            List<JsonNode> notices = new ArrayList<>();
            Http.json(inbox).path("items").valueStream()
                    .filter(i -> i.path("link").asString().endsWith(policeReport)).forEach(notices::add);
            assertThat(notices).anySatisfy(n -> assertThat(n.path("message").asString()).contains("an investigation was opened"));
            assertThat(notices.toString()).doesNotContain(caseId, summary);
        });

        // a retry with the same Idempotency-Key but another youth is refused, not answered with the first report's id
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = post(jonas, "/api/intake/reports", body(personnummer(), "[\"RUNAWAY\"]", "Rymt hemifrån igen"), key);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        HttpResponse<String> reused = post(jonas, "/api/intake/reports", body(personnummer(), "[\"RUNAWAY\"]", "Rymt hemifrån igen"), key);
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.body()).contains("idempotency-key-reused").doesNotContain(Http.json(first).path("reportId").asString());
    }

    /**
     * amir, on duty in the youth unit, forwards a misdirected report to the exit unit. The police are told where it went;
     * bertil's unit gets it as its own intake; and nobody of the youth unit — amir, anna, cecilia — can follow the report
     * into that case: not by id, not by the queue, not by acting on the report there, not by breaking the glass.
     */
    @Test
    void the_forwarding_unit_cannot_follow_the_report_into_the_other_units_case() {
        String david = token(TestUser.POLICE_LIAISON);
        String amir = token(TestUser.SOCIAL_WORKER_COLLEAGUE);
        String anna = token(TestUser.SOCIAL_WORKER);
        String cecilia = token(TestUser.SUPERVISOR);
        String bertil = token(TestUser.SOCIAL_WORKER_OTHER_UNIT);
        String pnr = personnummer();
        String report = send(david, pnr, "[\"CRIMINAL_NETWORK\"]", "Vill lämna nätverket " + pnr.substring(9));
        String caseA = await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(300)).until(() -> caseOf(amir, report), id -> id != null);

        assertThat(Http.postJson(cases("/api/cases/" + caseA + "/reports/" + report + "/safety-assessment"), amir,
                "{\"immediateProtectionNeeded\":false}").statusCode()).isEqualTo(200);
        HttpResponse<String> forwarded = Http.postJson(cases("/api/cases/" + caseA + "/reports/" + report + "/forwarding"), amir,
                "{\"toUnit\":\"haninge-avhopp\",\"reasonCode\":\"OTHER_UNIT_RESPONSIBLE\"}");
        assertThat(forwarded.statusCode()).as(forwarded.body()).isEqualTo(200);

        String caseB = await("the exit unit received it").atMost(PROPAGATION).pollInterval(Duration.ofMillis(300))
                .until(() -> caseOf(bertil, report, "haninge-avhopp"), id -> id != null);
        assertThat(caseB).isNotEqualTo(caseA);
        assertThat(forwarded.body()).doesNotContain(caseB);
        for (String youthUnit : List.of(amir, anna, cecilia)) {
            assertThat(Http.get(cases("/api/cases/" + caseB), youthUnit).statusCode()).isEqualTo(404);
            assertThat(Http.postJson(cases("/api/cases/" + caseB + "/reports/" + report + "/safety-assessment"), youthUnit,
                    "{\"immediateProtectionNeeded\":true}").statusCode()).isEqualTo(404);
            assertThat(Http.postJson(cases("/api/cases/" + caseB + "/reports/" + report + "/assessment"), youthUnit,
                    "{\"decision\":\"NO_INVESTIGATION\"}").statusCode()).isEqualTo(404);
            assertThat(Http.postJson(cases("/api/cases/" + caseB + "/reports/" + report + "/forwarding"), youthUnit,
                    "{\"toUnit\":\"haninge-ungdom\",\"reasonCode\":\"OTHER\"}").statusCode()).isEqualTo(404);
            assertThat(Http.get(cases("/api/intake/units/haninge-avhopp/queue"), youthUnit).statusCode()).isEqualTo(403);
            assertThat(Http.get(cases("/api/cases?unit=haninge-avhopp&limit=200"), youthUnit).body()).doesNotContain(caseB);
        }
        assertThat(getWithHeader(amir, "/api/cases/" + caseB, "X-Break-Glass-Reason", "Jag skickade anmalan dit och vill se hur det gick")
                .statusCode()).as("break-glass reaches only the own unit").isEqualTo(404);
        JsonNode rowInA = await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(300))
                .until(() -> row(cecilia, report), r -> r != null && r.path("status").asString().equals("FORWARDED"));
        assertThat(rowInA.toString()).contains("haninge-avhopp").doesNotContain(caseB);
        assertThat(Http.json(Http.get(cases("/api/cases/" + caseA), cecilia)).path("outcome").asString()).isEqualTo("TRANSFERRED");

        await("the police are told where it went").atMost(PROPAGATION).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            HttpResponse<String> view = Http.get(cases("/api/intake/reports/sent/" + report), david);
            assertThat(Http.json(view).path("withUnit").asString()).isEqualTo("haninge-avhopp");
            assertThat(view.body()).contains("FORWARDED", "OTHER_UNIT_RESPONSIBLE").doesNotContain(caseA, caseB);
        });
    }

    private static String send(String token, String pnr, String concernTypes, String summary) {
        HttpResponse<String> sent = Http.postJson(cases("/api/intake/reports"), token, body(pnr, concernTypes, summary));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        assertThat(sent.body()).doesNotContain("caseId");
        return Http.json(sent).path("reportId").asString();
    }

    private static String body(String pnr, String concernTypes, String summary) {
        return """
                {"receivingUnit":"haninge-ungdom","concernTypes":%s,"summary":"%s",
                 "subject":{"personalIdentityNumber":"%s","name":"Kim Intagsson"}}""".formatted(concernTypes, summary, pnr);
    }

    private static String caseOf(String token, String reportId) {
        return caseOf(token, reportId, "haninge-ungdom");
    }

    private static String caseOf(String token, String reportId, String unit) {
        JsonNode row = row(token, reportId, unit);
        return row == null || !row.has("caseId") ? null : row.path("caseId").asString();
    }

    private static JsonNode row(String token, String reportId) {
        return row(token, reportId, "haninge-ungdom");
    }

    /** The report's row in the unit's queue, found by its id on the pages the Link header leads to. */
    private static JsonNode row(String token, String reportId, String unit) {
        String next = cases("/api/intake/units/" + unit + "/queue?limit=200");
        while (next != null) {
            HttpResponse<String> page = Http.get(next, token);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            for (JsonNode item : Http.json(page)) {
                if (item.path("reportId").asString().equals(reportId)) {
                    return item;
                }
            }
            String link = page.headers().firstValue("Link").orElse(null);
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        }
        return null;
    }

    private static HttpResponse<String> post(String token, String path, String json, String idempotencyKey) {
        return exchange(HttpRequest.newBuilder(URI.create(cases(path))).header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static int put(String token, String path, String json) {
        return exchange(HttpRequest.newBuilder(URI.create(cases(path))).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).PUT(HttpRequest.BodyPublishers.ofString(json))).statusCode();
    }

    private static HttpResponse<String> getWithHeader(String token, String path, String header, String value) {
        return exchange(HttpRequest.newBuilder(URI.create(cases(path))).header("Authorization", "Bearer " + token)
                .header(header, value).GET());
    }

    private static HttpResponse<String> exchange(HttpRequest.Builder request) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cases(String path) {
        return ItStack.serviceUrl("case-service") + path;
    }

    private static String personnummer() {
        LocalDate birth = LocalDate.of(2011, 1 + ThreadLocalRandom.current().nextInt(12), 1 + ThreadLocalRandom.current().nextInt(28));
        return TestPersonnummer.anyBornOn(birth);
    }
}
