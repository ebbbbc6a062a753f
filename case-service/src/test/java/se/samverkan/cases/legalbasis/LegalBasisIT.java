package se.samverkan.cases.legalbasis;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.cases.support.MovableClock;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.cases.ReferralSent;
import se.samverkan.platform.test.TestPersonnummer;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.*;

/**
 * Issue 15, legal bases as rules: OSL 10 kap. 18 a § only for a subject under 21 on the day the data leaves and only
 * for preventing crime; the municipality's catalogue adds provisions as data, versioned and audited; what an insider
 * with a valid token or a database superuser would try.
 */
class LegalBasisIT extends IntegrationTest {

    static final String WEIGHING = "Konkret risk för nya brott väger tyngre än sekretessintresset i detta fall.";

    @Autowired
    MovableClock clock;

    private UUID openCaseFor(String personnummer) {
        Response opened = post(SOCIAL_WORKER, "/api/cases", """
                {"program":"RAPID_INTERVENTION","subject":{"personalIdentityNumber":"%s","name":"Robin Testsson"},"team":[]}"""
                .formatted(personnummer));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return opened.uuid("caseId");
    }

    private Response refer(UUID caseId, String basis, String purpose) {
        return post(SOCIAL_WORKER, "/api/cases/" + caseId + "/referrals", """
                {"policeUnit":"polisen-haninge","legalBasis":"%s",%s"dataCategories":["IDENTITY"],"weighingOfInterests":"%s"}"""
                .formatted(basis, purpose == null ? "" : "\"purpose\":\"" + purpose + "\",", WEIGHING));
    }

    private static Predicate<CloudEvent> access(TestUser user, String operation, String outcome) {
        return e -> e.type().equals("se.samverkan.access.access-recorded.v1") && matches(CloudEventCodec.dataAs(e, AccessRecorded.class),
                user, operation, outcome);
    }

    private static boolean matches(AccessRecorded a, TestUser user, String operation, String outcome) {
        return a.actor().userId().equals(user.id()) && operation.equals(a.operation()) && outcome.equals(a.outcome().name());
    }

    private void assertNothingSent(UUID caseId) {
        // a later write on the same case is published, so a referral the refused one had stored would be there by now
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Uppföljande samtal bokat\"}").status()).isEqualTo(201);
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.note-recorded.v1", caseId));
        assertThat(events(Topics.CASE_EVENTS, e -> String.valueOf(caseId).equals(e.subject()) && e.type().contains("referral"))).isEmpty();
    }

    @Test
    void theCatalogueListsTheProvisionsTheirConditionsAndFourEyesForEverySignedInUser() {
        Response catalogue = get(POLICE_LIAISON, "/api/legal-bases");

        assertThat(catalogue.status()).isEqualTo(200);
        JsonNode body = catalogue.json();
        assertThat(body.get("municipality").asString()).isEqualTo(HANINGE);
        assertThat(catalogue.header("ETag")).isEqualTo("\"" + body.get("version").asInt() + "\"");
        JsonNode osl = java.util.stream.StreamSupport.stream(body.get("legalBases").spliterator(), false)
                .filter(b -> b.get("code").asString().equals("OSL_10_18A")).findFirst().orElseThrow();
        assertThat(osl.get("provision").asString()).isEqualTo("OSL 10 kap. 18 a §");
        assertThat(osl.get("conditions").toString()).contains("SUBJECT_UNDER_21_AT_DISCLOSURE", "PURPOSE_IS_CRIME_PREVENTION",
                "WEIGHING_OF_INTERESTS_WRITTEN");
        assertThat(osl.get("fourEyes").asBoolean()).isTrue();
        assertThat(osl.get("national").asBoolean()).isTrue();
        assertThat(body.get("conditions").toString()).contains("SUBJECT_UNDER_18_AT_DISCLOSURE", "Den enskilde har inte fyllt 21 år");
        assertThat(get(null, "/api/legal-bases").status()).isEqualTo(401);
    }

    @Test
    void osl10_18aForSomeoneAlready21IsA422NamingTheAgeConditionAndNothingIsStored() {
        String pnr = TestPersonnummer.bornOn(today().minusYears(22));
        UUID caseId = openCaseFor(pnr);

        Response refused = refer(caseId, "OSL_10_18A", "CRIME_PREVENTION");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("code").asString()).isEqualTo("legal-basis-condition-failed");
        assertThat(refused.json().get("failedConditions").toString()).isEqualTo("[\"SUBJECT_UNDER_21_AT_DISCLOSURE\"]");
        assertThat(refused.json().get("detail").asString()).contains("OSL 10 kap. 18 a §", "turned 21")
                .doesNotContain(pnr, pnr.replace("-", ""), pnr.substring(0, 8));
        assertNothingSent(caseId);
    }

    @Test
    void osl10_18aForAnythingButPreventingCrimeIsA422NamingThePurpose() {
        UUID caseId = openCaseFor(TestPersonnummer.bornOn(today().minusYears(19)));

        Response otherPurpose = refer(caseId, "OSL_10_18A", "JOINT_PLANNING");
        Response noPurpose = refer(caseId, "OSL_10_18A", null);

        assertThat(otherPurpose.status()).isEqualTo(422);
        assertThat(otherPurpose.json().get("failedConditions").toString()).isEqualTo("[\"PURPOSE_IS_CRIME_PREVENTION\"]");
        assertThat(otherPurpose.json().get("detail").asString()).contains("JOINT_PLANNING", "CRIME_PREVENTION");
        assertThat(noPurpose.status()).isEqualTo(422);
        assertThat(noPurpose.json().get("failedConditions").toString()).isEqualTo("[\"PURPOSE_IS_CRIME_PREVENTION\"]");
        // the missing field is named with the value that makes the provision apply (issue 15 leftovers)
        assertThat(noPurpose.header("Content-Type")).startsWith("application/problem+json");
        assertThat(noPurpose.json().get("field").asString()).isEqualTo("purpose");
        assertThat(noPurpose.json().get("allowed").toString()).isEqualTo("[\"CRIME_PREVENTION\"]");
        assertThat(noPurpose.json().get("detail").asString()).contains("\"purpose\": \"CRIME_PREVENTION\"");
        Response notACode = refer(caseId, "OSL_10_18A", "Kim Andersson");
        assertThat(notACode.status()).as("a purpose is a code").isEqualTo(422);
        assertThat(notACode.json().get("field").asString()).isEqualTo("purpose");
        assertThat(notACode.json().get("allowed").toString()).contains("CRIME_PREVENTION", "JOINT_PLANNING");
        assertThat(notACode.body()).doesNotContain("Kim Andersson");
        assertNothingSent(caseId);
    }

    /**
     * The case: drafted while the youth was 20, the approval after the 21st birthday is the disclosure and is
     * refused. The supervisor approving is a second person with a valid token and every right to approve; the basis
     * itself no longer holds. Nothing reaches the police; the refusal is no access denial (the approver may act).
     */
    @Test
    void aReferralDraftedAt20IsRefusedAtAnApprovalAfterThe21stBirthday() {
        UUID caseId = openCaseFor(TestPersonnummer.bornOn(today().minusYears(21).plusDays(2)));
        Response drafted = refer(caseId, "OSL_10_18A", "CRIME_PREVENTION");
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
        UUID referralId = drafted.uuid("referralId");
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.referral-awaiting-approval.v1", caseId));

        Response approval;
        clock.moveForward(Duration.ofDays(3));
        try {
            approval = post(SUPERVISOR, "/api/cases/" + caseId + "/referrals/" + referralId + "/approval", null);
        } finally {
            clock.reset();
        }

        assertThat(approval.status()).as(approval.body()).isEqualTo(422);
        assertThat(approval.json().get("code").asString()).isEqualTo("legal-basis-condition-failed");
        assertThat(approval.json().get("failedConditions").toString()).isEqualTo("[\"SUBJECT_UNDER_21_AT_DISCLOSURE\"]");
        assertThat(get(POLICE_LIAISON, "/api/police/referrals/" + referralId).status()).isEqualTo(404);
        Response view = get(SOCIAL_WORKER, "/api/cases/" + caseId);
        assertThat(view.json().get("referrals").get(0).get("status").asString()).isEqualTo("AWAITING_APPROVAL");
        assertThat(events(Topics.CASE_EVENTS, ofType("se.samverkan.case.referral-sent.v1", caseId))).isEmpty();
    }

    /**
     * A provision added as data by the data-protection role: a new version with the decision reference, an allowed
     * access event in the audit log, usable at once; the disclosure records the version and rule it left under, and
     * the version before it still reads without the entry.
     */
    @Test
    void aProvisionAddedAsDataIsVersionedAuditedAndRecordedWithTheDisclosure() {
        int before = get(COMPLIANCE_OFFICER, "/api/legal-bases").json().get("version").asInt();
        Response defined = put(COMPLIANCE_OFFICER, "/api/legal-bases/OSL_10_23", """
                {"provision":"OSL 10 kap. 23 §","label":"Misstanke om brott med minst ett års fängelse",
                 "conditions":["WEIGHING_OF_INTERESTS_WRITTEN"],"fourEyes":true,"decisionReference":"SN 2027/114"}""",
                "If-Match", "\"" + before + "\"");
        assertThat(defined.status()).as(defined.body()).isEqualTo(200);
        int version = defined.json().get("version").asInt();
        assertThat(version).isEqualTo(before + 1);
        assertThat(defined.json().get("changedBy").asString()).isEqualTo(COMPLIANCE_OFFICER.id());
        assertThat(defined.json().get("decisionReference").asString()).isEqualTo("SN 2027/114");
        assertThat(put(COMPLIANCE_OFFICER, "/api/legal-bases/OSL_10_23", """
                {"provision":"OSL 10 kap. 23 §","label":"Misstanke om brott med minst ett års fängelse",
                 "conditions":["WEIGHING_OF_INTERESTS_WRITTEN"],"fourEyes":true,"decisionReference":"SN 2027/114"}""")
                .json().get("version").asInt()).as("the same entry again is no new version").isEqualTo(version);
        awaitEvent(Topics.ACCESS_EVENTS, access(COMPLIANCE_OFFICER, "MAINTAIN_LEGAL_BASES", "ALLOWED"));
        assertThat(get(SOCIAL_WORKER, "/api/legal-bases?version=" + before).body()).doesNotContain("OSL_10_23");

        UUID caseId = openCaseFor(TestPersonnummer.bornOn(today().minusYears(35)));
        Response drafted = refer(caseId, "OSL_10_23", null);
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
        UUID referralId = drafted.uuid("referralId");
        Response approved = post(SUPERVISOR, "/api/cases/" + caseId + "/referrals/" + referralId + "/approval", null);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);

        ReferralSent sent = CloudEventCodec.dataAs(awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.referral-sent.v1", caseId)),
                ReferralSent.class);
        assertThat(sent.legalBasis()).isEqualTo("OSL_10_23");
        assertThat(sent.legalBasisVersion()).isGreaterThanOrEqualTo(version);
        JsonNode referral = get(SOCIAL_WORKER, "/api/cases/" + caseId).json().get("referrals").get(0);
        assertThat(referral.get("legalBasisApplied").get("provision").asString()).isEqualTo("OSL 10 kap. 23 §");
        assertThat(referral.get("legalBasisApplied").get("conditions").toString()).isEqualTo("[\"WEIGHING_OF_INTERESTS_WRITTEN\"]");
        await().atMost(Duration.ofSeconds(20)).until(() -> get(POLICE_LIAISON, "/api/police/referrals/" + referralId).status() == 200);
        assertThat(get(POLICE_LIAISON, "/api/police/referrals/" + referralId).json().get("legalBasisProvision").asString())
                .as("the police learn which provision the data came under").isEqualTo("OSL 10 kap. 23 §");
    }

    /** A retired basis: no new referral, and a second approver cannot send one drafted on it before. */
    @Test
    void aRetiredBasisStopsNewReferralsAndTheApprovalOfOnesDraftedBefore() {
        assertThat(put(COMPLIANCE_OFFICER, "/api/legal-bases/OSL_10_2_SKOLA", """
                {"provision":"OSL 10 kap. 2 §","label":"Samråd med skolan","conditions":["WEIGHING_OF_INTERESTS_WRITTEN"],
                 "fourEyes":true,"decisionReference":"SN 2027/120"}""").status()).isEqualTo(200);
        UUID caseId = openCaseFor(TestPersonnummer.bornOn(today().minusYears(16)));
        Response drafted = refer(caseId, "OSL_10_2_SKOLA", null);
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);

        Response retired = post(COMPLIANCE_OFFICER, "/api/legal-bases/OSL_10_2_SKOLA/retirement", "{\"decisionReference\":\"SN 2027/131\"}");
        assertThat(retired.status()).as(retired.body()).isEqualTo(200);

        Response approval = post(SUPERVISOR, "/api/cases/" + caseId + "/referrals/" + drafted.uuid("referralId") + "/approval", null);
        assertThat(approval.status()).isEqualTo(422);
        assertThat(approval.json().get("code").asString()).isEqualTo("legal-basis-retired");
        Response fresh = refer(caseId, "OSL_10_2_SKOLA", null);
        assertThat(fresh.status()).isEqualTo(422);
        assertThat(fresh.json().get("code").asString()).isEqualTo("unknown-code");
        assertThat(fresh.json().get("allowed").toString()).contains("OSL_10_18A").doesNotContain("OSL_10_2_SKOLA");
        assertThat(get(SOCIAL_WORKER, "/api/legal-bases").body()).as("retired, still readable").contains("OSL_10_2_SKOLA", "\"retired\":true");
    }

    /** Insiders with valid tokens: only the data-protection role changes the catalogue, only its own, never a national provision. */
    @Test
    void theCatalogueIsChangedOnlyByItsOwnDataProtectionRoleAndEveryRefusalIsRecorded() {
        String body = """
                {"provision":"OSL 10 kap. 23 §","label":"Obehörig ändring","conditions":["WEIGHING_OF_INTERESTS_WRITTEN"],
                 "fourEyes":true,"decisionReference":"x"}""";
        for (TestUser insider : List.of(SOCIAL_WORKER, SUPERVISOR, ADMINISTRATOR, POLICE_LIAISON, ANALYST)) {
            Response refused = put(insider, "/api/legal-bases/INSIDER_PROVISION", body);
            assertThat(refused.status()).as(insider.username()).isEqualTo(403);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            awaitEvent(Topics.ACCESS_EVENTS, access(insider, "MAINTAIN_LEGAL_BASES", "DENIED"));
        }
        assertThat(post(SUPERVISOR, "/api/legal-bases/OSL_10_23/retirement", "{\"decisionReference\":\"x\"}").status()).isEqualTo(403);
        assertThat(get(SOCIAL_WORKER, "/api/legal-bases").body()).doesNotContain("INSIDER_PROVISION");

        // Botkyrka's data-protection role changes Botkyrka's catalogue, never Haninge's
        assertThat(put(COMPLIANCE_OFFICER_BOTKYRKA, "/api/legal-bases/BOTKYRKA_PROVISION", body.replace("Obehörig", "Botkyrkas"))
                .status()).isEqualTo(200);
        assertThat(get(COMPLIANCE_OFFICER_BOTKYRKA, "/api/legal-bases").body()).contains("BOTKYRKA_PROVISION");
        assertThat(get(SOCIAL_WORKER, "/api/legal-bases").body()).doesNotContain("BOTKYRKA_PROVISION");

        // the national provisions are code: not weakened, not retired
        Response weakened = put(COMPLIANCE_OFFICER, "/api/legal-bases/OSL_10_18A", """
                {"provision":"OSL 10 kap. 18 a §","label":"Utan åldersgräns","conditions":["WEIGHING_OF_INTERESTS_WRITTEN"],
                 "fourEyes":true,"decisionReference":"x"}""");
        assertThat(weakened.status()).isEqualTo(409);
        assertThat(weakened.json().get("code").asString()).isEqualTo("national-legal-basis");
        assertThat(post(COMPLIANCE_OFFICER, "/api/legal-bases/CONSENT/retirement", "{\"decisionReference\":\"x\"}").status()).isEqualTo(409);

        // one person may not break secrecy without consent; conditions are named checks; a stale version is refused
        Response oneEye = put(COMPLIANCE_OFFICER, "/api/legal-bases/OSL_10_23", body.replace("\"fourEyes\":true", "\"fourEyes\":false"));
        assertThat(oneEye.status()).isEqualTo(422);
        assertThat(oneEye.json().get("code").asString()).isEqualTo("invalid-legal-basis");
        Response unknownCondition = put(COMPLIANCE_OFFICER, "/api/legal-bases/OSL_10_23",
                body.replace("WEIGHING_OF_INTERESTS_WRITTEN", "THE_POLICE_ASKED_NICELY"));
        assertThat(unknownCondition.status()).isEqualTo(422);
        assertThat(unknownCondition.json().get("allowed").toString()).contains("SUBJECT_UNDER_21_AT_DISCLOSURE");
        assertThat(put(COMPLIANCE_OFFICER, "/api/legal-bases/OSL_10_23", body, "If-Match", "\"0\"").status()).isEqualTo(412);
    }

    /**
     * A database superuser: a version row cannot be rewritten (triggers), and one appended behind the service's back
     * (no seal, or a seal made up without the service's key) leaves the catalogue unverified: nothing is disclosed on
     * it, no new version is sealed over it, and GET /api/legal-bases says so (issue 15 leftovers). Once the forged
     * row is gone, a national provision still holds as code.
     */
    @Test
    void aHandEditedCatalogueCannotRewriteHistoryAndAVersionInsertedByHandIsUnverifiedAndDisclosesNothing() {
        assertThat(put(COMPLIANCE_OFFICER, "/api/legal-bases/OSL_10_23", """
                {"provision":"OSL 10 kap. 23 §","label":"Misstanke om brott med minst ett års fängelse",
                 "conditions":["WEIGHING_OF_INTERESTS_WRITTEN"],"fourEyes":true,"decisionReference":"SN 2027/114"}""").status())
                .isEqualTo(200);
        assertThatThrownBy(() -> superuser.sql("UPDATE catalogue_version SET document = '{\"entries\":[]}'::jsonb WHERE municipality = ?")
                .param(HANINGE).update()).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> superuser.sql("DELETE FROM catalogue_version WHERE municipality = ?").param(HANINGE).update())
                .rootCause().hasMessageContaining("append-only");

        JsonNode genuine = get(COMPLIANCE_OFFICER, "/api/legal-bases").json();
        int version = genuine.get("version").asInt();
        assertThat(genuine.get("verified").asBoolean()).as(genuine.toString()).isTrue();
        assertThat(genuine.get("verification").asString()).isEqualTo("SEALED");
        UUID caseId = openCaseFor(TestPersonnummer.bornOn(today().minusYears(22)));
        String baselines = superuser.sql("SELECT coalesce(json_agg(b), '[]')::text FROM catalogue_seal_baseline b WHERE municipality = ?")
                .param(HANINGE).query(String.class).single();
        for (String seal : java.util.Arrays.asList(null, "0f".repeat(32))) {
            try {
                // the service's own role could write the baseline of the versions from before seals until V33 (it may
                // only read it now): raising it must not pass a version appended by hand off as one of them
                superuser.sql("""
                        INSERT INTO catalogue_seal_baseline (catalogue, municipality, version) VALUES ('LEGAL_BASES', ?, 999)
                        ON CONFLICT (catalogue, municipality) DO UPDATE SET version = 999""").param(HANINGE).update();
                superuser.sql("""
                        INSERT INTO catalogue_version (catalogue, municipality, version, document, change, changed_by, changed_at, seal)
                        SELECT 'LEGAL_BASES', municipality, version + 1, jsonb_set(document, '{entries}', document->'entries' ||
                               '[{"code":"OSL_10_18A","provision":"OSL 10 kap. 18 a §","label":"Utan åldersgräns","conditions":["WEIGHING_OF_INTERESTS_WRITTEN"],"fourEyes":true,"retired":false}]'::jsonb),
                               'superuser', 'postgres', now(), ?
                        FROM catalogue_version WHERE catalogue = 'LEGAL_BASES' AND municipality = ? AND version = ?""")
                        .params(seal, HANINGE, version).update();

                JsonNode shown = get(SOCIAL_WORKER, "/api/legal-bases").json();
                assertThat(shown.get("version").asInt()).isEqualTo(version + 1);
                assertThat(shown.get("verified").asBoolean()).isFalse();
                assertThat(shown.get("verification").asString()).isEqualTo(seal == null ? "UNSEALED" : "CHAIN_BROKEN");
                assertThat(get(SOCIAL_WORKER, "/api/legal-bases?version=" + version).json().get("verified").asBoolean())
                        .as("the versions before it still check").isTrue();

                Response refused = refer(caseId, "OSL_10_18A", "CRIME_PREVENTION");
                assertThat(refused.status()).as(refused.body()).isEqualTo(422);
                assertThat(refused.json().get("code").asString()).isEqualTo("legal-basis-catalogue-unverified");
                assertThat(refused.json().get("catalogueVersion").asInt()).isEqualTo(version + 1);
                assertThat(refer(caseId, "OSL_10_2", null).json().get("code").asString())
                        .as("not even under another provision").isEqualTo("legal-basis-catalogue-unverified");
                Response launder = put(COMPLIANCE_OFFICER, "/api/legal-bases/OSL_10_24", """
                        {"provision":"OSL 10 kap. 24 §","label":"Ny bestämmelse","conditions":["WEIGHING_OF_INTERESTS_WRITTEN"],
                         "fourEyes":true,"decisionReference":"SN 2027/115"}""");
                assertThat(launder.status()).as("no sealed version on top of a forged one").isEqualTo(422);
                assertThat(launder.json().get("code").asString()).isEqualTo("legal-basis-catalogue-unverified");
                assertNothingSent(caseId);
            } finally {
                // what the superuser did is undone the way only a superuser can, so the ITs after this one disclose again
                superuser.sql("ALTER TABLE catalogue_version DISABLE TRIGGER catalogue_version_no_update_or_delete").update();
                superuser.sql("DELETE FROM catalogue_version WHERE catalogue = 'LEGAL_BASES' AND municipality = ? AND version > ?")
                        .params(HANINGE, version).update();
                superuser.sql("ALTER TABLE catalogue_version ENABLE TRIGGER catalogue_version_no_update_or_delete").update();
                superuser.sql("DELETE FROM catalogue_seal_baseline WHERE municipality = ?").param(HANINGE).update();
                superuser.sql("INSERT INTO catalogue_seal_baseline SELECT * FROM json_populate_recordset(null::catalogue_seal_baseline, ?::json)")
                        .param(baselines).update();
            }
        }

        assertThat(get(SOCIAL_WORKER, "/api/legal-bases").json().get("verified").asBoolean()).isTrue();
        Response refused = refer(caseId, "OSL_10_18A", "CRIME_PREVENTION");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("failedConditions").toString()).contains("SUBJECT_UNDER_21_AT_DISCLOSURE");
        JsonNode osl = java.util.stream.StreamSupport.stream(get(SOCIAL_WORKER, "/api/legal-bases").json().get("legalBases").spliterator(), false)
                .filter(b -> b.get("code").asString().equals("OSL_10_18A")).toList().getFirst();
        assertThat(osl.get("conditions").toString()).contains("SUBJECT_UNDER_21_AT_DISCLOSURE");
    }

    @Test
    void aVersionNotYetMadeIsA404() {
        assertThat(get(SOCIAL_WORKER, "/api/legal-bases?version=100000").status()).isEqualTo(404);
        assertThat(get(SOCIAL_WORKER, "/api/legal-bases?version=0").json().get("legalBases").size()).isEqualTo(3);
    }
}
