package se.samverkan.localstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samverkan.localstack.keycloak.LocalKeycloak;
import se.samverkan.platform.test.TestPersonnummer;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.localstack.ItStack.token;

/**
 * Issue 15, the effect figures as insiders with real Keycloak tokens would try them against the whole local stack:
 * the analyst cannot read a case, a social worker cannot read the figures, and another municipality's analyst (a
 * real Keycloak user made for the test) sees nothing of Haninge's.
 */
class AttackerEffectsIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Stack stack;

    @BeforeAll
    static void stack() {
        stack = ItStack.started();
    }

    @Test
    void alva_reads_haninges_figures_but_no_case_and_anna_cecilia_and_eva_read_no_figures() {
        String anna = token(TestUser.SOCIAL_WORKER);
        HttpResponse<String> opened = Http.postJson(cases("/api/cases"), anna, """
                {"program":"RAPID_INTERVENTION","subject":{"personalIdentityNumber":"%s","name":"Effekt Testsson"},
                 "team":["%s"]}""".formatted(personnummer(), TestUser.SOCIAL_WORKER.id()));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        String caseId = Http.json(opened).path("caseId").asString();

        String alva = token(TestUser.ANALYST);
        HttpResponse<String> figures = Http.get(cases("/api/effects/municipalities/0136/figures"), alva);
        assertThat(figures.statusCode()).as(figures.body()).isEqualTo(200);
        JsonNode view = Http.json(figures);
        assertThat(view.path("municipality").asString()).isEqualTo("0136");
        assertThat(view.path("suppressionThreshold").asInt()).isEqualTo(5);
        assertThat(figures.body()).doesNotContain(caseId, "Effekt Testsson", "subjectId");
        HttpResponse<String> csv = Http.get(cases("/api/effects/municipalities/0136/figures.csv"), alva);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.body()).startsWith("municipality,asOf,program,period").doesNotContain(caseId);

        // the analyst and a case: as if it did not exist, in the case API and in the police's
        assertThat(Http.get(cases("/api/cases/" + caseId), alva).statusCode()).isEqualTo(404);
        assertThat(Http.get(cases("/api/cases?subjectId=" + UUID.randomUUID()), alva).statusCode()).isEqualTo(404);
        assertThat(Http.postJson(cases("/api/cases/" + caseId + "/notes"), alva, "{\"text\":\"Analytikern skriver\"}").statusCode())
                .isEqualTo(404);
        assertThat(Http.get(cases("/api/reports/units/haninge-ungdom/timeliness"), alva).statusCode()).isEqualTo(403);

        for (TestUser insider : new TestUser[]{TestUser.SOCIAL_WORKER, TestUser.SUPERVISOR, TestUser.COMPLIANCE_OFFICER}) {
            HttpResponse<String> refused = Http.get(cases("/api/effects/municipalities/0136/figures"), token(insider));
            assertThat(refused.statusCode()).as(insider.username()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(refused.body()).contains("analysts").doesNotContain("rows");
            assertThat(Http.get(cases("/api/effects/municipalities/0136/figures.csv"), token(insider)).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void botkyrkas_analyst_sees_nothing_of_haninges_figures() {
        String username = "analys-botkyrka-" + UUID.randomUUID().toString().substring(0, 8);
        String admin = adminToken();
        String users = stack.settings().keycloakUrl() + "/admin/realms/samverkan/users";
        HttpResponse<String> created = send(admin, "POST", users, """
                {"username":"%s","enabled":true,"email":"%s@botkyrka.example","emailVerified":true,"firstName":"Berit",
                 "lastName":"Analys","attributes":{"agency":["MUNICIPALITY"],"municipality":["0127"],"unit":["botkyrka-analys"]},
                 "credentials":[{"type":"password","value":"demo","temporary":false}]}""".formatted(username, username));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String userUrl = created.headers().firstValue("Location").orElseThrow();
        try {
            HttpResponse<String> role = send(admin, "GET", stack.settings().keycloakUrl() + "/admin/realms/samverkan/roles/analyst", null);
            assertThat(role.statusCode()).as(role.body()).isEqualTo(200);
            assertThat(send(admin, "POST", userUrl + "/role-mappings/realm", "[" + role.body() + "]").statusCode()).isEqualTo(204);
            String berit = Http.passwordGrant(stack.settings(), username, "demo");
            assertThat(Http.payload(berit).path("municipality").asString()).isEqualTo("0127");

            HttpResponse<String> haninge = Http.get(cases("/api/effects/municipalities/0136/figures"), berit);
            assertThat(haninge.statusCode()).as(haninge.body()).isEqualTo(403);
            assertThat(haninge.body()).contains("own municipality").doesNotContain("PEOPLE", "rows");
            assertThat(Http.get(cases("/api/effects/municipalities/0136/figures.csv"), berit).statusCode()).isEqualTo(403);

            HttpResponse<String> own = Http.get(cases("/api/effects/municipalities/0127/figures"), berit);
            assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
            JsonNode rows = Http.json(own).path("rows");
            assertThat(rows.isEmpty()).isFalse();
            for (JsonNode row : rows) {
                JsonNode people = row.path("figures").get(0);
                assertThat(people.path("figure").asString()).isEqualTo("PEOPLE");
                assertThat(people.path("value").asInt()).as("Botkyrka owns no case here: nothing of Haninge's").isZero();
            }
            // and she is no more than an analyst: no case of anyone's
            assertThat(Http.get(cases("/api/cases"), berit).statusCode()).isEqualTo(404);
        } finally {
            send(admin, "DELETE", userUrl, null);
        }
    }

    private static String cases(String path) {
        return ItStack.serviceUrl("case-service") + path;
    }

    private static String adminToken() {
        HttpResponse<String> response = Http.postForm(stack.settings().keycloakUrl() + "/realms/master/protocol/openid-connect/token",
                Map.of("client_id", "admin-cli", "grant_type", "password", "username", LocalKeycloak.ADMIN_USER,
                        "password", LocalKeycloak.ADMIN_PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response).path("access_token").asString();
    }

    private static HttpResponse<String> send(String bearer, String method, String url, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A youth's personnummer with a valid check digit (never born on the 5th, 15th or 25th: the research sample). */
    private static String personnummer() {
        LocalDate birth = LocalDate.of(2010, 1 + ThreadLocalRandom.current().nextInt(12), 1 + ThreadLocalRandom.current().nextInt(4));
        return TestPersonnummer.anyBornOn(birth);
    }
}
