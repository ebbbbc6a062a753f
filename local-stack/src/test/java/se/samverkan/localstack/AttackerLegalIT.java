package se.samverkan.localstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samverkan.platform.test.TestPersonnummer;
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
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The attacker's view of issue 15, against the whole stack with Keycloak's tokens: a social worker tries OSL 10 kap.
 * 18 a § for someone who turned 21 and for another purpose than preventing crime; insiders try to change the
 * legal-basis catalogue and the vocabularies; the data-protection role's change meets a second officer in the audit
 * log; a municipality's own measure code is used and retired, and Kafka only ever carries the national code.
 */
class AttackerLegalIT {

    private static final Duration PROPAGATION = Duration.ofSeconds(60);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String WEIGHING = "Konkret risk för nya brott väger tyngre än sekretessintresset i detta fall.";

    private static Stack stack;
    private static String cases;
    private static String audit;

    @BeforeAll
    static void stack() {
        stack = ItStack.started();
        cases = ItStack.serviceUrl("case-service");
        audit = ItStack.serviceUrl("audit-service");
    }

    @Test
    void osl_10_18a_is_refused_for_a_youth_who_turned_21_and_for_any_purpose_but_preventing_crime_and_nothing_leaves() {
        String anna = token(TestUser.SOCIAL_WORKER);
        String eva = token(TestUser.COMPLIANCE_OFFICER);
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Stockholm"));
        String adult = openCaseFor(anna, TestPersonnummer.bornOn(today.minusYears(21).minusDays(3)));
        String youth = openCaseFor(anna, TestPersonnummer.bornOn(today.minusYears(19)));

        HttpResponse<String> turned21 = refer(anna, adult, "OSL_10_18A", "CRIME_PREVENTION");
        HttpResponse<String> otherPurpose = refer(anna, youth, "OSL_10_18A", "JOINT_PLANNING");

        assertThat(turned21.statusCode()).as(turned21.body()).isEqualTo(422);
        assertThat(turned21.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(Http.json(turned21).path("code").asString()).isEqualTo("legal-basis-condition-failed");
        assertThat(Http.json(turned21).path("failedConditions").toString()).isEqualTo("[\"SUBJECT_UNDER_21_AT_DISCLOSURE\"]");
        assertThat(otherPurpose.statusCode()).as(otherPurpose.body()).isEqualTo(422);
        assertThat(Http.json(otherPurpose).path("failedConditions").toString()).isEqualTo("[\"PURPOSE_IS_CRIME_PREVENTION\"]");

        // the same youth, preventing crime: drafted, waiting for a second supervisor
        HttpResponse<String> lawful = refer(anna, youth, "OSL_10_18A", "CRIME_PREVENTION");
        assertThat(lawful.statusCode()).as(lawful.body()).isEqualTo(201);
        // a note afterwards: once it is in the audit log, a referral the refused call had stored would be too
        assertThat(Http.postJson(cases + "/api/cases/" + adult + "/notes", anna, "{\"text\":\"Samtal bokat med familjen\"}")
                .statusCode()).isEqualTo(201);
        await("the note in the audit log").atMost(PROPAGATION).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(Http.get(audit + "/api/audit/entries?caseId=" + adult, eva).body()).contains("se.samverkan.case.note-recorded.v1"));
        assertThat(Http.get(audit + "/api/audit/entries?caseId=" + adult, eva).body()).doesNotContain("referral-sent", "referral-awaiting");
    }

    @Test
    void only_the_data_protection_role_changes_the_legal_bases_and_another_officer_reviews_the_change() {
        String code = "E2E_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        String body = """
                {"provision":"OSL 10 kap. 23 §","label":"Misstanke om brott med minst ett års fängelse",
                 "conditions":["WEIGHING_OF_INTERESTS_WRITTEN"],"fourEyes":true,"decisionReference":"SN 2027/114"}""";
        for (TestUser insider : List.of(TestUser.SOCIAL_WORKER, TestUser.SUPERVISOR, TestUser.ADMINISTRATOR, TestUser.POLICE_LIAISON)) {
            HttpResponse<String> refused = put(cases + "/api/legal-bases/" + code, token(insider), body);
            assertThat(refused.statusCode()).as(insider.username() + " " + refused.body()).isEqualTo(403);
        }
        String eva = token(TestUser.COMPLIANCE_OFFICER);
        HttpResponse<String> defined = put(cases + "/api/legal-bases/" + code, eva, body);
        assertThat(defined.statusCode()).as(defined.body()).isEqualTo(200);
        assertThat(Http.get(cases + "/api/legal-bases", token(TestUser.SOCIAL_WORKER)).body()).contains(code);
        HttpResponse<String> weakened = put(cases + "/api/legal-bases/OSL_10_18A", eva, body);
        assertThat(weakened.statusCode()).as("a national provision is code, not data").isEqualTo(409);

        await("the change as a review item of Haninge").atMost(PROPAGATION).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode items = Http.json(Http.get(audit + "/api/audit/review-items?rule=LEGAL_BASIS_CATALOGUE_CHANGED&actorId="
                    + TestUser.COMPLIANCE_OFFICER.id(), eva));
            assertThat(items.path("items").size()).isPositive();
        });
        String itemId = Http.json(Http.get(audit + "/api/audit/review-items?rule=LEGAL_BASIS_CATALOGUE_CHANGED&actorId="
                + TestUser.COMPLIANCE_OFFICER.id(), eva)).path("items").get(0).path("id").asString();
        HttpResponse<String> own = Http.postJson(audit + "/api/audit/review-items/" + itemId + "/decision", eva,
                "{\"outcome\":\"JUSTIFIED\",\"comment\":\"Min egen ändring\"}");
        assertThat(own.statusCode()).as("nobody decides an item about her own change").isEqualTo(403);
        await("the refused attempts in the audit log").atMost(PROPAGATION).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(Http.get(audit + "/api/audit/entries?actorId=" + TestUser.ADMINISTRATOR.id(), eva).body())
                        .contains("MAINTAIN_LEGAL_BASES", "DENIED"));
    }

    @Test
    void a_municipalitys_own_measure_code_is_used_retired_and_never_reaches_kafka() {
        String frida = token(TestUser.ADMINISTRATOR);
        String anna = token(TestUser.SOCIAL_WORKER);
        String own = "HANINGE_COPE_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        assertThat(put(cases + "/api/vocabularies/measureType/codes/" + own, anna,
                "{\"parent\":\"PARENT_SUPPORT_GROUP\",\"label\":\"COPE\"}").statusCode()).isEqualTo(403);
        HttpResponse<String> defined = put(cases + "/api/vocabularies/measureType/codes/" + own, frida,
                "{\"parent\":\"PARENT_SUPPORT_GROUP\",\"label\":\"COPE föräldragrupp\",\"decisionReference\":\"SN 2027/77\"}");
        assertThat(defined.statusCode()).as(defined.body()).isEqualTo(200);

        String caseId = openCaseFor(anna, TestPersonnummer.bornOn(LocalDate.of(2011, 4, 2)));
        HttpResponse<String> recorded = Http.postJson(cases + "/api/cases/" + caseId + "/measures", anna,
                "{\"measureType\":\"" + own + "\",\"startDate\":\"2027-01-10\"}");
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);
        String eva = token(TestUser.COMPLIANCE_OFFICER);
        await("the measure in the audit log").atMost(PROPAGATION).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(Http.get(audit + "/api/audit/entries?caseId=" + caseId, eva).body()).contains("se.samverkan.case.measure-recorded.v1"));
        assertThat(StackTopics.recordsOn(stack, "samverkan.case.events").stream().map(v -> new String(v, StandardCharsets.UTF_8))
                .filter(v -> v.contains(caseId)).toList()).anyMatch(v -> v.contains("PARENT_SUPPORT_GROUP")).noneMatch(v -> v.contains(own));

        assertThat(Http.postJson(cases + "/api/vocabularies/measureType/codes/" + own + "/retirement", frida, "{}").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = Http.postJson(cases + "/api/cases/" + caseId + "/measures", anna,
                "{\"measureType\":\"" + own + "\",\"startDate\":\"2027-01-10\"}");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Http.json(refused).path("allowed").toString()).contains("PARENT_SUPPORT_GROUP").doesNotContain(own);
    }

    private static HttpResponse<String> refer(String bearer, String caseId, String basis, String purpose) {
        return Http.postJson(cases + "/api/cases/" + caseId + "/referrals", bearer, """
                {"policeUnit":"polisen-haninge","legalBasis":"%s","purpose":"%s","dataCategories":["IDENTITY"],
                 "weighingOfInterests":"%s"}""".formatted(basis, purpose, WEIGHING));
    }

    private static String openCaseFor(String bearer, String personnummer) {
        HttpResponse<String> opened = Http.postJson(cases + "/api/cases", bearer, """
                {"program":"RAPID_INTERVENTION","subject":{"personalIdentityNumber":"%s","name":"Robin Testsson"}}"""
                .formatted(personnummer));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        return Http.json(opened).path("caseId").asString();
    }

    private static HttpResponse<String> put(String url, String bearer, String json) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                    .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String token(TestUser user) {
        return Http.passwordGrant(stack.settings(), user.username(), "demo");
    }
}
