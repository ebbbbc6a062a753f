package se.samverkan.cases.vocabulary;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.cases.MeasureRecorded;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.platform.test.TestUser.*;

/**
 * Issue 15, shared vocabularies: each municipality's version of the codes (its own under national ones, relabelled,
 * retired), versioned, used by commands instead of free text, and changed only by its administrator.
 */
class VocabularyCatalogueIT extends IntegrationTest {

    /** Botkyrka's administrator: no demo user, a valid token all the same. */
    static final TestUser BOTKYRKA_ADMINISTRATOR = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6c21", "bodil",
            EnumSet.of(Role.ADMINISTRATOR), se.samverkan.contracts.Agency.MUNICIPALITY, BOTKYRKA, "botkyrka-it", "bodil@botkyrka.example");

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    static JsonNode code(JsonNode view, String vocabulary, String code) {
        return StreamSupport.stream(view.get("codes").get(vocabulary).spliterator(), false)
                .filter(c -> c.get("code").asString().equals(code)).findFirst().orElse(null);
    }

    private Response define(TestUser user, String vocabulary, String code, String parent, String label) {
        return put(user, "/api/vocabularies/" + vocabulary + "/codes/" + code, parent == null
                ? "{\"label\":" + (label == null ? "null" : "\"" + label + "\"") + "}"
                : "{\"parent\":\"" + parent + "\",\"label\":\"" + label + "\",\"decisionReference\":\"SN 2027/77\"}");
    }

    private Response measure(UUID caseId, String code) {
        return post(SOCIAL_WORKER, "/api/cases/" + caseId + "/measures", "{\"measureType\":\"" + code + "\",\"startDate\":\"2027-01-10\"}");
    }

    @Test
    void eachMunicipalityIsServedItsVersionWithTheSeedsMeasuresAndSwedishLabels() {
        Response haninge = get(SOCIAL_WORKER, "/api/vocabularies");
        Response botkyrka = get(POLICE_LIAISON, "/api/vocabularies?municipality=0127");

        assertThat(haninge.status()).isEqualTo(200);
        assertThat(haninge.json().get("municipality").asString()).isEqualTo(HANINGE);
        assertThat(haninge.header("ETag")).isEqualTo("\"" + haninge.json().get("version").asInt() + "\"");
        for (String[] measure : List.of(new String[]{"PARENT_SUPPORT_GROUP", "Föräldrastödsgrupp"},
                new String[]{"PARENT_CLINIC", "Föräldramottagning"}, new String[]{"FAMILY_SUPPORT", "Familjestöd"},
                new String[]{"SCHOOL_ATTENDANCE_SUPPORT", "Stöd vid skolfrånvaro"}, new String[]{"SUMMER_JOB", "Feriearbete"},
                new String[]{"WORK_PRACTICE", "Arbetsträning eller praktik"})) {
            JsonNode found = code(haninge.json(), "measureType", measure[0]);
            assertThat(found).as(measure[0]).isNotNull();
            assertThat(found.get("national").asBoolean()).isTrue();
        }
        assertThat(haninge.json().get("codes").propertyNames())
                .contains("measureType", "outcome", "reasonCode", "outcomeCode", "purposes");
        assertThat(botkyrka.json().get("municipality").asString()).isEqualTo(BOTKYRKA);
        Response unknown = get(SOCIAL_WORKER, "/api/vocabularies?municipality=Kim%20Andersson");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("allowed").toString()).contains("0136", "0127");
    }

    /**
     * The administrator adds a parent-support group of Haninge's own under the national code: a social worker records
     * it, the case keeps both codes, and the integration event carries only the national one (the same meaning in
     * every municipality). Retired, it is refused for new records with the usable codes listed, and stays readable.
     */
    @Test
    void aMunicipalitysOwnCodeIsUsedRecordedBesideTheNationalOneAndRetired() {
        String own = unique("HANINGE_COPE_");
        int before = get(ADMINISTRATOR, "/api/vocabularies").json().get("version").asInt();
        Response defined = define(ADMINISTRATOR, "measureType", own, "PARENT_SUPPORT_GROUP", "COPE föräldragrupp");
        assertThat(defined.status()).as(defined.body()).isEqualTo(200);
        assertThat(defined.json().get("version").asInt()).isEqualTo(before + 1);
        assertThat(code(defined.json(), "measureType", own).get("parent").asString()).isEqualTo("PARENT_SUPPORT_GROUP");

        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        Response recorded = measure(caseId, own);
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        CloudEvent event = awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.measure-recorded.v1", caseId));
        assertThat(CloudEventCodec.dataAs(event, MeasureRecorded.class).measureType()).isEqualTo("PARENT_SUPPORT_GROUP");
        assertThat(new String(CloudEventCodec.toBytes(event), StandardCharsets.UTF_8)).doesNotContain(own);
        JsonNode kept = get(SOCIAL_WORKER, "/api/cases/" + caseId).json().get("measures").get(0);
        assertThat(kept.get("measureType").asString()).isEqualTo("PARENT_SUPPORT_GROUP");
        assertThat(kept.get("localCode").asString()).isEqualTo(own);

        Response retired = post(ADMINISTRATOR, "/api/vocabularies/measureType/codes/" + own + "/retirement", null);
        assertThat(retired.status()).as(retired.body()).isEqualTo(200);
        Response refused = measure(caseId, own);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("code").asString()).isEqualTo("unknown-code");
        assertThat(refused.json().get("field").asString()).isEqualTo("measureType");
        assertThat(refused.json().get("allowed").toString()).contains("PARENT_SUPPORT_GROUP").doesNotContain(own);
        JsonNode stillReadable = code(get(SOCIAL_WORKER, "/api/vocabularies").json(), "measureType", own);
        assertThat(stillReadable.get("label").asString()).isEqualTo("COPE föräldragrupp");
        assertThat(stillReadable.get("retired").asBoolean()).isTrue();
        assertThat(code(get(SOCIAL_WORKER, "/api/vocabularies?version=" + (before + 1)).json(), "measureType", own)
                .get("retired").asBoolean()).as("the version it was used in still says it was usable").isFalse();
    }

    @Test
    void aRetiredNationalCodeIsRefusedInItsMunicipalityOnlyAndClosingTakesTheMunicipalitysOwnOutcome() {
        Response retired = post(BOTKYRKA_ADMINISTRATOR, "/api/vocabularies/outcome/codes/MOVED_AWAY/retirement",
                "{\"decisionReference\":\"KS 2027/9\"}");
        assertThat(retired.status()).as(retired.body()).isEqualTo(200);
        assertThat(code(get(SOCIAL_WORKER, "/api/vocabularies").json(), "outcome", "MOVED_AWAY").get("retired").asBoolean())
                .as("Haninge's version is its own").isFalse();

        String own = unique("HANINGE_MAL_SKOLA_");
        assertThat(define(ADMINISTRATOR, "outcome", own, "GOALS_MET", "Målen uppnådda, tillbaka i skolan").status()).isEqualTo(200);
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        Response closed = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/closure", "{\"outcome\":\"" + own + "\"}");
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        JsonNode view = get(SOCIAL_WORKER, "/api/cases/" + caseId).json();
        assertThat(view.get("outcome").asString()).isEqualTo("GOALS_MET");
        assertThat(view.get("outcomeLocalCode").asString()).isEqualTo(own);
        awaitEvent(Topics.CASE_EVENTS, e -> e.type().equals("se.samverkan.case.case-closed.v1") && caseId.toString().equals(e.subject())
                && e.data().get("outcome").asString().equals("GOALS_MET"));
    }

    @Test
    void aNationalCodeIsRelabelledForOneMunicipality() {
        assertThat(define(ADMINISTRATOR, "measureType", "DEBT_COUNSELLING", null, "Budget- och skuldrådgivning").status()).isEqualTo(200);
        assertThat(code(get(SOCIAL_WORKER, "/api/vocabularies").json(), "measureType", "DEBT_COUNSELLING").get("label").asString())
                .isEqualTo("Budget- och skuldrådgivning");
        assertThat(code(get(SOCIAL_WORKER, "/api/vocabularies?municipality=0127").json(), "measureType", "DEBT_COUNSELLING")
                .get("label").asString()).isEqualTo("Skuldrådgivning");
        assertThat(define(ADMINISTRATOR, "measureType", "DEBT_COUNSELLING", null, null).status()).isEqualTo(200);
        assertThat(code(get(SOCIAL_WORKER, "/api/vocabularies").json(), "measureType", "DEBT_COUNSELLING").get("label").asString())
                .isEqualTo("Skuldrådgivning");
    }

    /** Insiders with valid tokens: only the own administrator, only the own municipality's codes, never free text. */
    @Test
    void onlyTheMunicipalitysAdministratorChangesItsVocabulariesAndEveryRefusalIsRecorded() {
        String code = unique("HANINGE_INSIDER_");
        for (TestUser insider : List.of(SOCIAL_WORKER, SUPERVISOR, COMPLIANCE_OFFICER, POLICE_LIAISON, SCHOOL_COUNSELLOR)) {
            Response refused = define(insider, "measureType", code, "OTHER", "Obehörig kod");
            assertThat(refused.status()).as(insider.username()).isEqualTo(403);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            awaitEvent(Topics.ACCESS_EVENTS, e -> e.type().equals("se.samverkan.access.access-recorded.v1") && denied(e, insider));
        }
        assertThat(post(COMPLIANCE_OFFICER, "/api/vocabularies/measureType/codes/CONTACT_PERSON/retirement", null).status()).isEqualTo(403);
        assertThat(get(SOCIAL_WORKER, "/api/vocabularies").body()).doesNotContain(code);

        // Botkyrka's administrator cannot reach Haninge's codes: a Haninge code is not one Botkyrka may define
        Response foreign = define(BOTKYRKA_ADMINISTRATOR, "measureType", code, "OTHER", "Främmande kod");
        assertThat(foreign.status()).isEqualTo(422);
        assertThat(foreign.json().get("detail").asString()).contains("BOTKYRKA_");
        assertThat(define(BOTKYRKA_ADMINISTRATOR, "measureType", unique("BOTKYRKA_BOSTAD_"), "HOUSING_SUPPORT", "Bostad först")
                .status()).isEqualTo(200);
        assertThat(get(SOCIAL_WORKER, "/api/vocabularies").body()).doesNotContain("BOTKYRKA_BOSTAD_");

        // the purposes are compared by code in consents and legal bases: relabel only
        assertThat(define(ADMINISTRATOR, "purposes", unique("HANINGE_SYFTE_"), "CRIME_PREVENTION", "Eget syfte").status()).isEqualTo(409);
        assertThat(post(ADMINISTRATOR, "/api/vocabularies/purposes/codes/CRIME_PREVENTION/retirement", null).status()).isEqualTo(409);
        // a parent that is no national code, a name as a code, a vocabulary that does not exist
        assertThat(define(ADMINISTRATOR, "measureType", unique("HANINGE_X_"), "Kim Andersson", "x").status()).isEqualTo(422);
        assertThat(define(ADMINISTRATOR, "measureType", "HANINGE_Kim%20Andersson", "OTHER", "x").status()).isIn(400, 422);
        assertThat(define(ADMINISTRATOR, "noSuchVocabulary", unique("HANINGE_X_"), "OTHER", "x").status()).isEqualTo(404);
        assertThat(define(ADMINISTRATOR, "measureType", unique("HANINGE_X_"), "OTHER", "x").status()).isEqualTo(200);
        assertThat(put(ADMINISTRATOR, "/api/vocabularies/measureType/codes/" + unique("HANINGE_Y_"),
                "{\"parent\":\"OTHER\",\"label\":\"y\"}", "If-Match", "\"0\"").status()).isEqualTo(412);
    }

    private static boolean denied(CloudEvent e, TestUser insider) {
        AccessRecorded a = CloudEventCodec.dataAs(e, AccessRecorded.class);
        return a.actor().userId().equals(insider.id()) && "MAINTAIN_VOCABULARIES".equals(a.operation())
                && "DENIED".equals(a.outcome().name());
    }
}
