package se.samverkan.localstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The attacker's view of case access (issue 10, items 1, 4 and 5): insiders with real Keycloak tokens of the demo
 * users, against the whole stack, trying what got through before. Each test fails on the code before issue 10.
 */
class AttackerCaseAccessIT {

    private static final Duration PROPAGATION = Duration.ofSeconds(60);
    private static final String REAL_REASON = "Akut placering i natt, socialjouren behöver underlaget";
    private static final String ADDRESS = "Skyddade stigen 7, 136 40 Haninge";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Stack stack;
    private static String cases;

    @BeforeAll
    static void stack() {
        stack = ItStack.started();
        cases = ItStack.serviceUrl("case-service");
    }

    /**
     * Item 1: bertil (haninge-avhopp) broke the glass into a haninge-ungdom case, and a haninge-ungdom worker into a
     * haninge-avhopp exit-program case. Both are now refused as if the case did not exist; a colleague of the own
     * unit still breaks the glass, flagged.
     */
    @Test
    void item1_break_glass_does_not_cross_units() {
        String annasCase = openCase("anna", "RAPID_INTERVENTION", "NONE");
        String bertilsExitCase = openCase("bertil", "EXIT_PROGRAM", "NONE");

        HttpResponse<String> bertil = call("GET", "/api/cases/" + annasCase, "bertil", null, "X-Break-Glass-Reason", encoded(REAL_REASON));
        assertThat(bertil.statusCode()).as(bertil.body()).isEqualTo(404);
        assertThat(bertil.body()).doesNotContain("Testsson", ADDRESS);

        HttpResponse<String> amirIntoExit = call("GET", "/api/cases/" + bertilsExitCase, "amir", null,
                "X-Break-Glass-Reason", encoded(REAL_REASON));
        assertThat(amirIntoExit.statusCode()).as(amirIntoExit.body()).isEqualTo(404);
        assertThat(amirIntoExit.body()).doesNotContain("Testsson", ADDRESS);

        HttpResponse<String> amirOwnUnit = call("GET", "/api/cases/" + annasCase, "amir", null, "X-Break-Glass-Reason", encoded(REAL_REASON));
        assertThat(amirOwnUnit.statusCode()).as("break-glass in the own unit still works").isEqualTo(200);
        assertThat(amirOwnUnit.headers().firstValue("X-Break-Glass")).hasValue("recorded");
    }

    /** Item 1: a reason made of padding or invisible characters passed a length check and said nothing. */
    @Test
    void item1_a_reason_of_blank_or_invisible_characters_does_not_break_the_glass() {
        String annasCase = openCase("anna", "RAPID_INTERVENTION", "NONE");
        for (String junk : new String[]{"\u200b".repeat(20), "\u00a0".repeat(20), "\u200b\u200c\u200d\u2060".repeat(5), " ".repeat(20)}) {
            HttpResponse<String> amir = call("GET", "/api/cases/" + annasCase, "amir", null, "X-Break-Glass-Reason", encoded(junk));
            assertThat(amir.statusCode()).as(amir.body()).isEqualTo(400);
            assertThat(amir.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(amir.body()).contains("X-Break-Glass-Reason").doesNotContain("Testsson", ADDRESS);
        }
    }

    /**
     * Item 4: a secrecy-breaking referral naming CONTACT is created, the subject's protection is raised, cecilia
     * approves: the snapshot the police read must not hold the address.
     */
    @Test
    void item4_protection_raised_before_approval_keeps_the_address_from_the_police() {
        String caseId = openCase("anna", "RAPID_INTERVENTION", "NONE");
        HttpResponse<String> created = call("POST", "/api/cases/" + caseId + "/referrals", "anna", """
                {"policeUnit":"polisen-haninge","legalBasis":"OSL_10_18A","purpose":"CRIME_PREVENTION","dataCategories":["IDENTITY","CONTACT"],
                 "weighingOfInterests":"Konkret risk för allvarlig brottslighet väger tyngre än sekretessintresset."}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String referralId = Http.json(created).path("referralId").asString();

        HttpResponse<String> raised = call("PUT", "/api/cases/" + caseId + "/protected-identity", "anna",
                "{\"level\":\"SKYDDAD_FOLKBOKFORING\"}");
        assertThat(raised.statusCode()).as(raised.body()).isEqualTo(200);
        HttpResponse<String> approved = call("POST", "/api/cases/" + caseId + "/referrals/" + referralId + "/approval", "cecilia", null);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);

        HttpResponse<String> read = awaitPoliceRead(referralId);
        assertThat(read.body()).doesNotContain(ADDRESS, "Skyddade stigen");
        JsonNode snapshot = Http.json(read).path("snapshot");
        assertThat(snapshot.path("contact").isNull() || snapshot.path("contact").isMissingNode()).as(read.body()).isTrue();
        assertThat(snapshot.path("identity").path("name").asString()).as("the rest of what was approved still goes").isEqualTo("Test Testsson");
    }

    /**
     * Item 5: david answers with Idempotency-Key K, the consent is withdrawn (the referral revoked), and the same
     * request with K used to get "200 Idempotent-Replayed". The policy answers first now.
     */
    @Test
    void item5_an_idempotent_replay_after_the_consent_was_withdrawn_is_refused() {
        String caseId = openCase("anna", "RAPID_INTERVENTION", "NONE");
        HttpResponse<String> consent = call("POST", "/api/cases/" + caseId + "/consents", "anna", """
                {"parties":[{"role":"SUBJECT","personalIdentityNumber":"20100315-9124"},
                            {"role":"GUARDIAN","personalIdentityNumber":"19870614-2836"}],
                 "recipientAgency":"POLICE","recipientUnit":"polisen-haninge","purposes":["CRIME_PREVENTION"],
                 "dataCategories":["IDENTITY","CASE_SUMMARY"],"validFrom":"%s","validUntil":"%s","documentReference":"Samtycke A-1"}"""
                .formatted(LocalDate.now().minusDays(1), LocalDate.now().plusDays(30)));
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(201);
        String consentId = Http.json(consent).path("consentId").asString();
        HttpResponse<String> referral = call("POST", "/api/cases/" + caseId + "/referrals", "anna", """
                {"policeUnit":"polisen-haninge","legalBasis":"CONSENT","consentId":"%s","dataCategories":["IDENTITY","CASE_SUMMARY"],
                 "caseSummary":"Behöver stöd efter skolan."}""".formatted(consentId));
        assertThat(referral.statusCode()).as(referral.body()).isEqualTo(201);
        String referralId = Http.json(referral).path("referralId").asString();
        awaitPoliceRead(referralId);

        String key = UUID.randomUUID().toString();
        String acknowledge = "/api/police/referrals/" + referralId + "/acknowledgement";
        HttpResponse<String> first = call("POST", acknowledge, "david", null, "Idempotency-Key", key);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);

        HttpResponse<String> withdrawn = call("POST", "/api/cases/" + caseId + "/consents/" + consentId + "/withdrawal", "anna",
                "{\"withdrawnBy\":\"GUARDIAN\"}");
        assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);

        HttpResponse<String> replay = call("POST", acknowledge, "david", null, "Idempotency-Key", key);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(403);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(replay.body()).contains("revoked");
    }

    private static HttpResponse<String> awaitPoliceRead(String referralId) {
        @SuppressWarnings("unchecked")
        HttpResponse<String>[] read = new HttpResponse[1];
        await("david reads referral " + referralId).atMost(PROPAGATION).pollInterval(Duration.ofMillis(300)).until(() -> {
            read[0] = call("GET", "/api/police/referrals/" + referralId, "david", null);
            return read[0].statusCode() == 200;
        });
        return read[0];
    }

    private static String openCase(String user, String program, String protectedIdentity) {
        HttpResponse<String> opened = call("POST", "/api/cases", user, """
                {"program":"%s","subject":{"personalIdentityNumber":"20100315-9124","name":"Test Testsson",
                 "dateOfBirth":"2010-03-15","address":"%s","protectedIdentity":"%s",
                 "guardians":[{"personalIdentityNumber":"19870614-2836","name":"Vera Testsson"}]},"team":[]}"""
                .formatted(program, ADDRESS, protectedIdentity));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        return Http.json(opened).path("caseId").asString();
    }

    /** How a client sends free text in a header: percent-encoded UTF-8 ({@code encodeURIComponent}). */
    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String token(String user) {
        // a fresh token per call: cheap against the local Keycloak, and never one that expired during a long run
        return Http.passwordGrant(stack.settings(), user, "demo");
    }

    private static HttpResponse<String> call(String method, String path, String user, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cases + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token(user))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
