package se.samverkan.localstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.localstack.ItStack.token;

/**
 * The attacker's view of issue 10, items 6 and 7: an insider with a valid token writes free text into code fields
 * (where Kafka and the audit log would keep it for ever) and sends oversized bodies and lists (which could stall the
 * publisher for everyone). Each test failed on the code before: the name was accepted as a measure type and
 * published, the 5 MB note got a 400 only after being read, 100,000 team members were accepted, and any partner
 * municipality was taken.
 */
class AttackerInputIT {

    private static final Duration PROPAGATION = Duration.ofSeconds(60);
    private static final String NAME = "Kim Andersson Exempelsson";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Stack stack;
    private static String cases;
    private static String audit;

    @BeforeAll
    static void stack() {
        stack = ItStack.started();
        cases = ItStack.serviceUrl("case-service");
        audit = ItStack.serviceUrl("audit-service");
    }

    /** Item 6. */
    @Test
    void a_name_written_as_a_measure_type_is_refused_naming_the_codes_and_reaches_neither_kafka_nor_the_audit_log() {
        String anna = token(TestUser.SOCIAL_WORKER);
        String eva = token(TestUser.COMPLIANCE_OFFICER);
        String caseId = openCase(anna, "RAPID_INTERVENTION");

        HttpResponse<String> refused = Http.postJson(cases + "/api/cases/" + caseId + "/measures", anna,
                "{\"measureType\":\"" + NAME + "\",\"startDate\":\"2026-12-01\"}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertProblem(refused);
        JsonNode problem = Http.json(refused);
        assertThat(problem.path("code").asString()).isEqualTo("unknown-code");
        assertThat(problem.path("detail").asString()).contains("measureType", "CONTACT_PERSON", "FAMILY_SUPPORT").doesNotContain(NAME);

        // a valid measure afterwards: once it is in the audit log, whatever the refused one had sent would be too
        HttpResponse<String> valid = Http.postJson(cases + "/api/cases/" + caseId + "/measures", anna,
                "{\"measureType\":\"CONTACT_PERSON\",\"startDate\":\"2026-12-01\"}");
        assertThat(valid.statusCode()).as(valid.body()).isEqualTo(201);
        await("measure-recorded in the audit log").atMost(PROPAGATION).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> entries = Http.get(audit + "/api/audit/entries?caseId=" + caseId, eva);
            assertThat(entries.statusCode()).as(entries.body()).isEqualTo(200);
            assertThat(entries.body()).contains("se.samverkan.case.measure-recorded.v1");
        });
        assertThat(Http.get(audit + "/api/audit/entries?caseId=" + caseId, eva).body()).doesNotContain(NAME);
        assertThat(recordsOn("samverkan.case.events")).noneMatch(value -> value.contains(NAME))
                .anyMatch(value -> value.contains(caseId) && value.contains("CONTACT_PERSON"));
        assertThat(recordsOn("samverkan.access.events")).noneMatch(value -> value.contains(NAME));
    }

    /** Item 6. */
    @Test
    void an_unknown_partner_municipality_is_refused_naming_the_allowed_codes() {
        String bertil = token(TestUser.SOCIAL_WORKER_OTHER_UNIT);
        String exitCase = openCase(bertil, "EXIT_PROGRAM");

        // a share names its unit, role, categories, consent and coordinators (issue 14); only the municipality is wrong
        String share = """
                {"partnerMunicipality":"%s","partnerUnit":"botkyrka-avhopp","role":"PLACEMENT_MUNICIPALITY",
                 "dataCategories":["IDENTITY"],"consentId":"%s","coordinators":["6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b08"]}""";
        HttpResponse<String> refused = Http.postJson(cases + "/api/cases/" + exitCase + "/sharing", bertil,
                share.formatted(NAME, java.util.UUID.randomUUID()));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertProblem(refused);
        assertThat(Http.json(refused).path("detail").asString()).contains("partnerMunicipality", "0127", "0136");
        // with a configured municipality the code check passes, and what is refused is the missing consent
        HttpResponse<String> noConsent = Http.postJson(cases + "/api/cases/" + exitCase + "/sharing", bertil,
                share.formatted("0127", java.util.UUID.randomUUID()));
        assertThat(noConsent.statusCode()).as(noConsent.body()).isEqualTo(422);
        assertThat(Http.json(noConsent).path("detail").asString()).doesNotContain("partnerMunicipality").containsIgnoringCase("consent");
    }

    /** Item 6: a client builds its pick lists from the vocabularies, with Swedish labels. */
    @Test
    void the_code_lists_are_readable_with_swedish_labels() {
        HttpResponse<String> vocabularies = Http.get(cases + "/api/vocabularies", token(TestUser.POLICE_LIAISON));

        assertThat(vocabularies.statusCode()).as(vocabularies.body()).isEqualTo(200);
        assertThat(vocabularies.body()).contains("\"Kontaktperson\"", "\"reasonCode\"", "\"NOT_IN_JURISDICTION\"", "\"0127\"",
                "\"polisen-haninge\"");
    }

    /** Item 7. */
    @Test
    void a_five_megabyte_note_is_refused_with_413_before_it_is_read() {
        String anna = token(TestUser.SOCIAL_WORKER);
        String caseId = openCase(anna, "RAPID_INTERVENTION");

        HttpResponse<String> refused = postLarge(cases + "/api/cases/" + caseId + "/notes", anna,
                "{\"text\":\"" + "a".repeat(5 * 1024 * 1024) + "\"}");

        assertThat(refused.statusCode()).isEqualTo(413);
        assertProblem(refused);
        assertThat(Http.json(refused).path("code").asString()).isEqualTo("body-too-large");
    }

    /** Item 7. */
    @Test
    void a_list_of_100000_team_members_or_purposes_is_refused_and_51_members_name_the_limit() {
        String anna = token(TestUser.SOCIAL_WORKER);
        String caseId = openCase(anna, "RAPID_INTERVENTION");
        String manyMembers = String.join(",", Collections.nCopies(100_000, "\"" + TestUser.SOCIAL_WORKER_COLLEAGUE.id() + "\""));
        String manyPurposes = String.join(",", Collections.nCopies(100_000, "\"CRIME_PREVENTION\""));

        HttpResponse<String> team = postLarge(cases + "/api/cases", anna, FirstCase.JSON.replace("\"team\":[]", "\"team\":[" + manyMembers + "]"));
        HttpResponse<String> purposes = postLarge(cases + "/api/cases/" + caseId + "/consents", anna, """
                {"parties":[{"role":"SUBJECT","personalIdentityNumber":"20100315-9124"},
                            {"role":"GUARDIAN","personalIdentityNumber":"19870614-2836"}],
                 "recipientAgency":"POLICE","recipientUnit":"polisen-haninge","purposes":[%s],
                 "dataCategories":["IDENTITY"],"validFrom":"%s","validUntil":"%s"}""".formatted(manyPurposes,
                LocalDate.now(), LocalDate.now().plusDays(30)));
        HttpResponse<String> fiftyOne = Http.postJson(cases + "/api/cases", anna, FirstCase.JSON.replace("\"team\":[]",
                "\"team\":[" + String.join(",", Collections.nCopies(51, "\"" + UUID.randomUUID() + "\"")) + "]"));

        assertThat(team.statusCode()).as(team.body()).isEqualTo(413);
        assertThat(purposes.statusCode()).as(purposes.body()).isEqualTo(413);
        assertThat(fiftyOne.statusCode()).as(fiftyOne.body()).isEqualTo(400);
        assertProblem(fiftyOne);
        assertThat(Http.json(fiftyOne).path("detail").asString()).contains("team", "50");
    }

    private static String openCase(String bearer, String program) {
        HttpResponse<String> opened = Http.postJson(cases + "/api/cases", bearer, FirstCase.JSON.replace("RAPID_INTERVENTION", program));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        return Http.json(opened).path("caseId").asString();
    }

    private static void assertProblem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    /** Like curl with a large body: asks "Expect: 100-continue" first, so a refusal comes before the upload. */
    private static HttpResponse<String> postLarge(String url, String bearer, String json) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                    .expectContinue(true).POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every record on the topic so far, read from the beginning to the current end. */
    private static List<String> recordsOn(String topic) {
        return StackTopics.recordsOn(stack, topic).stream().map(value -> new String(value, StandardCharsets.UTF_8)).toList();
    }
}
