package se.samverkan.cases.vocabulary;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.Topics;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.platform.test.TestUser.POLICE_LIAISON;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER_OTHER_UNIT;

/** Issue 10 item 6: code fields take codes of a vocabulary; free text is refused before it is stored or sent. */
class VocabularyIT extends IntegrationTest {

    private static final String NAME = "Kim Andersson Exempelsson";

    @Test
    void aNameWrittenAsAMeasureTypeIsRefusedWithTheAllowedCodesAndGoesNowhere() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");

        Response refused = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/measures",
                "{\"measureType\":\"" + NAME + "\",\"startDate\":\"2026-12-01\"}");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("code").asString()).isEqualTo("unknown-code");
        assertThat(refused.json().get("field").asString()).isEqualTo("measureType");
        assertThat(refused.json().get("detail").asString()).contains("measureType", "CONTACT_PERSON", "FAMILY_SUPPORT")
                .doesNotContain(NAME);
        // a valid write afterwards is published, so anything the refused one had sent would be there by now
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/measures",
                "{\"measureType\":\"CONTACT_PERSON\",\"startDate\":\"2026-12-01\"}").status()).isEqualTo(201);
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.measure-recorded.v1", caseId));
        assertThat(records(Topics.CASE_EVENTS)).noneMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(NAME));
        assertThat(records(Topics.ACCESS_EVENTS)).noneMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(NAME));
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND position(? in convert_from(payload, 'UTF8')) > 0")
                .params(caseId.toString(), NAME).query(Long.class).single()).isZero();
    }

    @Test
    void closingOutcomesReasonsAndPurposesAreCodesToo() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");

        Response outcome = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/closure", "{\"outcome\":\"he moved to Kim's place\"}");
        Response purposes = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/consents", """
                {"parties":[{"role":"SUBJECT","personalIdentityNumber":"%s"},{"role":"GUARDIAN","personalIdentityNumber":"%s"}],
                 "recipientAgency":"POLICE","recipientUnit":"polisen-haninge","purposes":["CRIME_PREVENTION","%s"],
                 "dataCategories":["IDENTITY"],"validFrom":"%s","validUntil":"%s"}""".formatted(PNR, GUARDIAN_PNR, NAME,
                LocalDate.now(), LocalDate.now().plusDays(30)));

        assertThat(outcome.status()).isEqualTo(422);
        assertThat(outcome.json().get("allowed").toString()).contains("GOALS_MET", "NO_FURTHER_ACTION");
        assertThat(purposes.status()).isEqualTo(422);
        assertThat(purposes.json().get("field").asString()).isEqualTo("purposes[1]");
        assertThat(purposes.json().get("detail").asString()).contains("CRIME_PREVENTION", "EXIT_SUPPORT");
    }

    @Test
    void unitsAndMunicipalitiesMustBeConfiguredCodes() {
        UUID exitCase = openCase(SOCIAL_WORKER_OTHER_UNIT, "EXIT_PROGRAM", "NONE");
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");

        Response partner = post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + exitCase + "/sharing",
                "{\"partnerMunicipality\":\"" + NAME + "\",\"partnerUnit\":\"botkyrka-avhopp\",\"role\":\"HOUSING\","
                        + "\"dataCategories\":[\"IDENTITY\"],\"consentId\":\"" + UUID.randomUUID() + "\",\"coordinators\":[\"x\"]}");
        Response recipient = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/consents", """
                {"parties":[{"role":"SUBJECT","personalIdentityNumber":"%s"},{"role":"GUARDIAN","personalIdentityNumber":"%s"}],
                 "recipientAgency":"POLICE","recipientUnit":"haninge-ungdom","purposes":["CRIME_PREVENTION"],
                 "dataCategories":["IDENTITY"],"validFrom":"%s","validUntil":"%s"}""".formatted(PNR, GUARDIAN_PNR,
                LocalDate.now(), LocalDate.now().plusDays(30)));
        Response policeUnit = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/referrals",
                "{\"policeUnit\":\"polisen-kim\",\"legalBasis\":\"OSL_10_2\",\"dataCategories\":[\"IDENTITY\"],"
                        + "\"weighingOfInterests\":\"Akut fara för liv och hälsa enligt bedömning\"}");
        Response receiving = post(POLICE_LIAISON, "/api/police/reports", """
                {"receivingUnit":"%s","subject":{"personalIdentityNumber":"%s","name":"Test Testsson"},
                 "summary":"Anmälan om misstänkt brott"}""".formatted(NAME, PNR));

        assertThat(partner.status()).isEqualTo(422);
        assertThat(partner.json().get("detail").asString()).contains("partnerMunicipality", "0127", "0136").doesNotContain(NAME);
        assertThat(recipient.status()).isEqualTo(422);
        assertThat(recipient.json().get("allowed").toString()).contains("polisen-haninge").doesNotContain("haninge-ungdom");
        assertThat(policeUnit.status()).isEqualTo(422);
        assertThat(policeUnit.json().get("field").asString()).isEqualTo("policeUnit");
        assertThat(receiving.status()).isEqualTo(422);
        assertThat(receiving.json().get("allowed").toString()).contains("haninge-ungdom", "haninge-avhopp");
        // a municipality alone no longer shares anything (issue 14): unit, role, categories, consent and coordinators
        assertThat(post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + exitCase + "/sharing", "{\"partnerMunicipality\":\"0127\"}")
                .status()).isEqualTo(400);
    }

    @Test
    void theVocabulariesAreReadableWithSwedishLabels() {
        Response response = get(SOCIAL_WORKER, "/api/vocabularies");

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("codes").get("measureType").toString()).contains("\"CONTACT_PERSON\"", "\"Kontaktperson\"");
        assertThat(body.get("codes").get("purposes").toString()).contains("\"CRIME_PREVENTION\"");
        assertThat(body.get("municipalities").toString()).contains("\"0127\"", "\"Botkyrka\"", "\"0136\"", "\"Haninge\"");
        assertThat(body.get("units").toString()).contains("\"polisen-haninge\"", "\"POLICE\"");
        assertThat(get(null, "/api/vocabularies").status()).isEqualTo(401);
    }
}
