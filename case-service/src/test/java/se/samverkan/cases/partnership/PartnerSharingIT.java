package se.samverkan.cases.partnership;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.Topics;
import se.samverkan.platform.test.TestPersonnummer;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.*;

/**
 * Issue 14, partnership sharing over HTTP: Haninge's exit unit (bertil) shares an exit case with Botkyrka's exit unit
 * on the defector's consent, naming goran; goran sees the shared categories and the notes marked shareable, writes in
 * his own section, which bertil reads; gunilla (same unit, not named) sees nothing; the partner can neither unshare
 * nor re-share; withdrawal ends the share at once; the subject access export lists the disclosure.
 */
class PartnerSharingIT extends IntegrationTest {

    record Person(String pnr, String name, String address) {
    }

    @Test
    void aShareRestsOnConsentReachesOnlyTheNamedCoordinatorAndEndsWithTheWithdrawal() {
        Person kim = person();
        UUID caseId = openExitCase(kim);
        UUID privateNote = note(caseId, "Hotbild mot familjen i Haninge " + kim.name());
        UUID shareableNote = note(caseId, "Behöver boende utanför Haninge " + kim.name());
        assertThat(post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId + "/notes/" + shareableNote + "/shareable", null).status())
                .isEqualTo(200);
        assertThat(get(EXIT_COORDINATOR, "/api/cases/" + caseId).status()).as("not shared yet").isEqualTo(404);
        UUID consentId = consent(caseId, kim, "[\"IDENTITY\",\"CASE_SUMMARY\"]");

        Response shared = share(caseId, consentId, "[\"IDENTITY\",\"CASE_SUMMARY\"]", EXIT_COORDINATOR);
        assertThat(shared.status()).as(shared.body()).isEqualTo(201);
        UUID shareId = shared.uuid("shareId");

        Response read = get(EXIT_COORDINATOR, "/api/cases/" + caseId);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("subject").get("name").asString()).isEqualTo(kim.name());
        assertThat(read.body()).as("CONTACT was not shared").doesNotContain(kim.address())
                .as("a note not marked shareable").doesNotContain("Hotbild").contains("Behöver boende")
                .doesNotContain(privateNote.toString());
        assertThat(read.json().has("consents")).isFalse();
        assertThat(read.json().has("referrals")).isFalse();
        assertThat(read.json().has("measures")).as("MEASURES was not shared").isFalse();
        assertThat(read.json().get("partnerShares")).hasSize(1);
        assertThat(get(EXIT_COORDINATOR_COLLEAGUE, "/api/cases/" + caseId).status()).as("gunilla is not named").isEqualTo(404);

        Response partnerNote = post(EXIT_COORDINATOR, "/api/cases/" + caseId + "/partner-notes",
                "{\"text\":\"Lägenhet ordnad i Tumba för " + kim.name() + "\"}");
        assertThat(partnerNote.status()).as(partnerNote.body()).isEqualTo(201);
        assertThat(post(EXIT_COORDINATOR_COLLEAGUE, "/api/cases/" + caseId + "/partner-notes", "{\"text\":\"x\"}").status())
                .isEqualTo(404);
        JsonNode owner = get(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId).json();
        assertThat(owner.get("partnerNotes").get(0).get("text").asString()).startsWith("Lägenhet ordnad i Tumba");
        assertThat(owner.get("partnerShares").get(0).get("coordinators").get(0).asString()).isEqualTo(EXIT_COORDINATOR.id());

        assertThat(post(EXIT_COORDINATOR, "/api/cases/" + caseId + "/sharing/" + shareId + "/ending", null).status())
                .as("the partner cannot end the share").isEqualTo(403);
        assertThat(share(caseId, consentId, "[\"IDENTITY\"]", EXIT_COORDINATOR_COLLEAGUE).status())
                .as("one live share per partner unit; the owner ends it before sharing anew").isEqualTo(409);
        assertThat(send(EXIT_COORDINATOR, "POST", "/api/cases/" + caseId + "/sharing", shareBody(consentId, "[\"IDENTITY\"]",
                EXIT_COORDINATOR_COLLEAGUE)).status()).as("the partner cannot share the case on").isEqualTo(403);
        assertThat(post(EXIT_COORDINATOR, "/api/cases/" + caseId + "/notes", "{\"text\":\"x\"}").status())
                .as("nor write in the owner's journal").isEqualTo(403);
        await().atMost(Duration.ofSeconds(20)).until(() -> listShows(EXIT_COORDINATOR, "", caseId));
        assertThat(listShows(EXIT_COORDINATOR_COLLEAGUE, "", caseId)).isFalse();

        Response withdrawn = post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId + "/consents/" + consentId + "/withdrawal",
                "{\"withdrawnBy\":\"SUBJECT\"}");
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        Response after = get(EXIT_COORDINATOR, "/api/cases/" + caseId);
        assertThat(after.status()).isEqualTo(403);
        assertThat(after.body()).contains("no longer holds").doesNotContain(kim.name());
        assertThat(post(EXIT_COORDINATOR, "/api/cases/" + caseId + "/partner-notes", "{\"text\":\"x\"}").status()).isEqualTo(403);
        CloudEvent ended = awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-share-ended.v1", caseId));
        assertThat(ended.data().get("reason").asString()).isEqualTo("CONSENT_WITHDRAWN");
        assertThat(ended.data().get("coordinators").get(0).asString()).isEqualTo(EXIT_COORDINATOR.id());
        CloudEvent sharedEvent = awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-shared.v1", caseId));
        assertThat(sharedEvent.data().get("partnerUnit").asString()).isEqualTo("botkyrka-avhopp");

        JsonNode export = export(kim);
        JsonNode exported = export.get("cases").get(0);
        assertThat(exported.get("partnerShares").get(0).get("endReason").asString()).isEqualTo("CONSENT_WITHDRAWN");
        assertThat(exported.get("partnerShares").get(0).get("partnerUnit").asString()).isEqualTo("botkyrka-avhopp");
        assertThat(exported.get("partnerReads")).anySatisfy(r -> {
            assertThat(r.get("userId").asString()).isEqualTo(EXIT_COORDINATOR.id());
            assertThat(r.get("operation").asString()).isEqualTo("READ_CASE");
        });
        assertThat(exported.get("partnerNotes").get(0).get("text").asString()).startsWith("Lägenhet ordnad");
    }

    @Test
    void closingTheCaseEndsTheShareAndAShareNeedsAConsentNamingThePartnerUnit() {
        Person kim = person();
        UUID caseId = openExitCase(kim);
        UUID policeConsent = policeConsent(caseId, kim);
        Response onPoliceConsent = share(caseId, policeConsent, "[\"IDENTITY\"]", EXIT_COORDINATOR);
        assertThat(onPoliceConsent.status()).isEqualTo(422);
        assertThat(onPoliceConsent.json().get("code").asString()).isEqualTo("consent-does-not-cover-partner");
        UUID consentId = consent(caseId, kim, "[\"IDENTITY\"]");
        Response tooMuch = share(caseId, consentId, "[\"IDENTITY\",\"MEASURES\"]", EXIT_COORDINATOR);
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(tooMuch.json().get("code").asString()).isEqualTo("consent-does-not-cover-categories");
        Response unknownUnit = send(SOCIAL_WORKER_OTHER_UNIT, "POST", "/api/cases/" + caseId + "/sharing",
                shareBody(consentId, "[\"IDENTITY\"]", EXIT_COORDINATOR).replace("botkyrka-avhopp", "botkyrka-okand"));
        assertThat(unknownUnit.status()).isEqualTo(422);
        assertThat(share(caseId, consentId, "[\"IDENTITY\"]", EXIT_COORDINATOR).status()).isEqualTo(201);
        assertThat(get(EXIT_COORDINATOR, "/api/cases/" + caseId).status()).isEqualTo(200);

        Response closed = post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId + "/closure", "{\"outcome\":\"GOALS_MET\"}");
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        assertThat(get(EXIT_COORDINATOR, "/api/cases/" + caseId).status()).isEqualTo(403);
        CloudEvent ended = awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-share-ended.v1", caseId));
        assertThat(ended.data().get("reason").asString()).isEqualTo("CASE_CLOSED");

        UUID rapid = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        assertThat(send(SOCIAL_WORKER, "POST", "/api/cases/" + rapid + "/sharing", shareBody(UUID.randomUUID(), "[\"IDENTITY\"]",
                EXIT_COORDINATOR)).status()).isEqualTo(422);
        assertThat(get(EXIT_COORDINATOR, "/api/cases/" + rapid).status()).isEqualTo(404);
    }

    @Test
    void costSharesAreRecordedByTheOwnerAndNeverExceedTheWhole() {
        Person kim = person();
        UUID caseId = openExitCase(kim);
        UUID consentId = consent(caseId, kim, "[\"IDENTITY\"]");
        assertThat(share(caseId, consentId, "[\"IDENTITY\"]", EXIT_COORDINATOR).status()).isEqualTo(201);
        String half = "{\"payerMunicipality\":\"%s\",\"costType\":\"PLACEMENT\",\"percent\":%d,\"fromDate\":\"%s\",\"untilDate\":\"%s\"}";
        LocalDate from = LocalDate.now();
        assertThat(post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId + "/cost-shares",
                half.formatted("0136", 50, from, from.plusMonths(6))).status()).isEqualTo(201);
        assertThat(post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId + "/cost-shares",
                half.formatted("0127", 50, from, from.plusMonths(6))).status()).isEqualTo(201);
        Response over = post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId + "/cost-shares",
                half.formatted("0127", 10, from.plusMonths(1), from.plusMonths(2)));
        assertThat(over.status()).isEqualTo(422);
        assertThat(post(EXIT_COORDINATOR, "/api/cases/" + caseId + "/cost-shares",
                half.formatted("0127", 1, from.plusYears(1), from.plusYears(1))).status()).as("the partner records none").isEqualTo(403);
        assertThat(get(EXIT_COORDINATOR, "/api/cases/" + caseId).json().get("costShares")).hasSize(2);
    }

    /** Two supervisors of Haninge's exit unit: a request by one needs the other (four eyes). */
    static final TestUser SIV = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6c31", "siv",
            java.util.EnumSet.of(se.samverkan.platform.identity.Role.SUPERVISOR), se.samverkan.contracts.Agency.SOCIAL_SERVICES,
            "0136", "haninge-avhopp", "siv@haninge.example");
    static final TestUser SVEN = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6c32", "sven",
            java.util.EnumSet.of(se.samverkan.platform.identity.Role.SUPERVISOR), se.samverkan.contracts.Agency.SOCIAL_SERVICES,
            "0136", "haninge-avhopp", "sven@haninge.example");

    @Test
    void aShareOnADocumentedProvisionWaitsForASecondSupervisorAndThePartnerSeesNothingUntilThen() {
        Person kim = person();
        UUID caseId = openExitCase(kim);
        Response requested = post(SIV, "/api/cases/" + caseId + "/sharing", provisionShareBody(EXIT_COORDINATOR));
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        UUID shareId = requested.uuid("shareId");

        assertThat(get(EXIT_COORDINATOR, "/api/cases/" + caseId).status()).as("the partner before approval").isEqualTo(404);
        assertThat(post(EXIT_COORDINATOR, "/api/cases/" + caseId + "/partner-notes", "{\"text\":\"x\"}").status())
                .isEqualTo(404);
        Response own = post(SIV, "/api/cases/" + caseId + "/sharing/" + shareId + "/approval", null);
        assertThat(own.status()).as("the requester approving her own request").isEqualTo(403);
        assertThat(own.body()).contains("four-eyes-required");
        assertThat(post(SIV, "/api/cases/" + caseId + "/sharing/" + shareId + "/refusal", null).status()).isEqualTo(403);
        assertThat(post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId + "/sharing/" + shareId + "/approval", null).status())
                .as("a social worker of the unit is no second person for a disclosure").isEqualTo(403);
        assertThat(post(SUPERVISOR, "/api/cases/" + caseId + "/sharing/" + shareId + "/approval", null).status())
                .as("a supervisor of another unit").isEqualTo(404);
        assertThat(post(EXIT_COORDINATOR, "/api/cases/" + caseId + "/sharing/" + shareId + "/approval", null).status())
                .as("the partner approving its own access").isIn(403, 404);
        assertThat(post(SIV, "/api/cases/" + caseId + "/sharing", provisionShareBody(EXIT_COORDINATOR_COLLEAGUE)).status())
                .as("one request per partner unit at a time").isEqualTo(409);
        assertThat(get(EXIT_COORDINATOR, "/api/cases/" + caseId).status()).isEqualTo(404);

        Response approved = post(SVEN, "/api/cases/" + caseId + "/sharing/" + shareId + "/approval", null);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        Response read = get(EXIT_COORDINATOR, "/api/cases/" + caseId);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("subject").get("name").asString()).isEqualTo(kim.name());
        assertThat(get(EXIT_COORDINATOR_COLLEAGUE, "/api/cases/" + caseId).status()).as("gunilla is not named").isEqualTo(404);
        assertThat(post(SVEN, "/api/cases/" + caseId + "/sharing/" + shareId + "/approval", null).status())
                .as("approved once").isEqualTo(409);
        CloudEvent shared = awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.case-shared.v1", caseId));
        assertThat(shared.data().has("consentId")).as("a provision, not a consent").isFalse();
        assertThat(shared.data().get("legalBasis").asString()).isEqualTo("OSL_10_2");
        assertThat(shared.data().get("approvedBy").asString()).isEqualTo(SVEN.id());
        assertThat(export(kim).get("cases").get(0).get("partnerShares").get(0).get("partnerUnit").asString())
                .isEqualTo("botkyrka-avhopp");
    }

    @Test
    void aRefusedRequestDisclosesNothingAndCannotBeApprovedAfterwards() {
        Person kim = person();
        UUID caseId = openExitCase(kim);
        Response bare = post(SIV, "/api/cases/" + caseId + "/sharing", """
                {"partnerMunicipality":"0127","partnerUnit":"botkyrka-avhopp","role":"PLACEMENT_MUNICIPALITY",
                 "dataCategories":["IDENTITY"],"coordinators":["%s"],"legalBasis":"OSL_10_2","validUntil":"%s"}"""
                .formatted(EXIT_COORDINATOR.id(), LocalDate.now().plusDays(30)));
        assertThat(bare.status()).as("a provision without its written weighing").isEqualTo(422);
        assertThat(bare.body()).contains("legal-basis-condition-failed");
        assertThat(post(SIV, "/api/cases/" + caseId + "/sharing", provisionShareBody(EXIT_COORDINATOR).replace("OSL_10_2", "OSL_99_9"))
                .status()).as("a code not in the catalogue").isEqualTo(422);

        Response notACoordinator = post(SIV, "/api/cases/" + caseId + "/sharing", provisionShareBody(SOCIAL_WORKER_OTHER_UNIT));
        assertThat(notACoordinator.status()).as("a Haninge social worker is no exit coordinator of Botkyrka's unit").isEqualTo(422);
        assertThat(notACoordinator.body()).contains("coordinator-not-in-partner-unit", SOCIAL_WORKER_OTHER_UNIT.id());
        assertThat(post(SIV, "/api/cases/" + caseId + "/sharing", provisionShareBody(COMPLIANCE_OFFICER_BOTKYRKA)).status())
                .as("Botkyrka staff of another unit").isEqualTo(422);

        UUID shareId = post(SIV, "/api/cases/" + caseId + "/sharing", provisionShareBody(EXIT_COORDINATOR)).uuid("shareId");
        Response refused = post(SVEN, "/api/cases/" + caseId + "/sharing/" + shareId + "/refusal", null);
        assertThat(refused.status()).as(refused.body()).isEqualTo(200);
        assertThat(post(SVEN, "/api/cases/" + caseId + "/sharing/" + shareId + "/approval", null).status())
                .as("nothing left to approve").isEqualTo(422);
        assertThat(get(EXIT_COORDINATOR, "/api/cases/" + caseId).status()).isEqualTo(404);
    }

    /**
     * The risk assessment leaves only as its own category, with its text, and for a subject with a protected identity
     * only after a second supervisor's approval, even on the defector's consent: the partner sees nothing before.
     */
    @Test
    void aRiskAssessmentIsSharedOnlyAsItsOwnCategoryAndForAProtectedSubjectOnlyThroughFourEyes() {
        String assessment = "Hög risk för repressalier från det tidigare nätverket.";
        rememberPersonalData(assessment);
        Person kim = person();
        UUID plainCase = openExitCase(kim, "NONE");
        UUID consentId = consent(plainCase, kim, "[\"IDENTITY\",\"RISK_ASSESSMENT\"]");
        Response withoutText = share(plainCase, consentId, "[\"IDENTITY\",\"RISK_ASSESSMENT\"]", EXIT_COORDINATOR);
        assertThat(withoutText.status()).as(withoutText.body()).isEqualTo(400);
        assertThat(withoutText.body()).contains("risk-assessment-required");
        Response textWithoutCategory = post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + plainCase + "/sharing",
                withRiskAssessment(shareBody(consentId, "[\"IDENTITY\"]", EXIT_COORDINATOR), assessment));
        assertThat(textWithoutCategory.status()).as(textWithoutCategory.body()).isEqualTo(400);
        assertThat(textWithoutCategory.body()).contains("risk-assessment-not-shared").doesNotContain(assessment);
        Response shared = post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + plainCase + "/sharing",
                withRiskAssessment(shareBody(consentId, "[\"IDENTITY\",\"RISK_ASSESSMENT\"]", EXIT_COORDINATOR), assessment));
        assertThat(shared.status()).as(shared.body()).isEqualTo(201);
        Response read = get(EXIT_COORDINATOR, "/api/cases/" + plainCase);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("partnerShares").get(0).get("riskAssessment").asString()).isEqualTo(assessment);
        assertThat(get(EXIT_COORDINATOR_COLLEAGUE, "/api/cases/" + plainCase).body()).doesNotContain(assessment);

        Person hidden = person();
        UUID protectedCase = openExitCase(hidden, "SKYDDAD_FOLKBOKFORING");
        UUID hiddenConsent = consent(protectedCase, hidden, "[\"IDENTITY\",\"RISK_ASSESSMENT\"]");
        Response requested = post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + protectedCase + "/sharing",
                withRiskAssessment(shareBody(hiddenConsent, "[\"IDENTITY\",\"RISK_ASSESSMENT\"]", EXIT_COORDINATOR), assessment));
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        UUID shareId = requested.uuid("shareId");
        assertThat(get(EXIT_COORDINATOR, "/api/cases/" + protectedCase).status()).as("before the second supervisor").isEqualTo(404);
        assertThat(post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + protectedCase + "/sharing/" + shareId + "/approval", null).status())
                .as("the requester is no second person").isEqualTo(403);
        Response approved = post(SVEN, "/api/cases/" + protectedCase + "/sharing/" + shareId + "/approval", null);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        Response afterApproval = get(EXIT_COORDINATOR, "/api/cases/" + protectedCase);
        assertThat(afterApproval.status()).as(afterApproval.body()).isEqualTo(200);
        assertThat(afterApproval.json().get("partnerShares").get(0).get("riskAssessment").asString()).isEqualTo(assessment);
        assertThat(events(Topics.CASE_EVENTS, e -> String.valueOf(protectedCase).equals(e.subject())))
                .as("the assessment's text never leaves in an integration event").noneMatch(e -> e.data().toString().contains("repressalier"));
    }

    private static String withRiskAssessment(String shareBody, String assessment) {
        return shareBody.substring(0, shareBody.lastIndexOf('}')) + ",\"riskAssessment\":\"" + assessment + "\"}";
    }

    private static String provisionShareBody(TestUser coordinator) {
        return """
                {"partnerMunicipality":"0127","partnerUnit":"botkyrka-avhopp","role":"PLACEMENT_MUNICIPALITY",
                 "dataCategories":["IDENTITY","CASE_SUMMARY"],"coordinators":["%s"],"legalBasis":"OSL_10_2",
                 "weighingOfInterests":"Placeringen i Botkyrka kräver att enheten känner hotbilden i förväg.",
                 "validUntil":"%s"}""".formatted(coordinator.id(), LocalDate.now().plusDays(30));
    }

    private UUID openExitCase(Person kim) {
        return openExitCase(kim, "NONE");
    }

    private UUID openExitCase(Person kim, String protectedIdentity) {
        rememberPersonalData(kim.name());
        rememberPersonalData(kim.address());
        Response response = post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases", """
                {"program":"EXIT_PROGRAM","subject":{"personalIdentityNumber":"%s","name":"%s","dateOfBirth":"2009-01-01",
                 "address":"%s","protectedIdentity":"%s",
                 "guardians":[{"personalIdentityNumber":"%s","name":"Vera Testsson"}]},"team":[]}"""
                .formatted(kim.pnr(), kim.name(), kim.address(), protectedIdentity, GUARDIAN_PNR));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.uuid("caseId");
    }

    private UUID note(UUID caseId, String text) {
        rememberPersonalData(text);
        Response response = post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId + "/notes",
                "{\"text\":\"" + text + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.uuid("noteId");
    }

    private UUID consent(UUID caseId, Person kim, String categories) {
        return consent(caseId, kim, "SOCIAL_SERVICES", "botkyrka-avhopp", "SUPPORT_AND_PROTECTION", categories);
    }

    private UUID policeConsent(UUID caseId, Person kim) {
        return consent(caseId, kim, "POLICE", "polisen-haninge", "CRIME_PREVENTION", "[\"IDENTITY\"]");
    }

    private UUID consent(UUID caseId, Person kim, String agency, String unit, String purpose, String categories) {
        Response consent = post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId + "/consents", """
                {"parties":[{"role":"SUBJECT","personalIdentityNumber":"%s"},{"role":"GUARDIAN","personalIdentityNumber":"%s"}],
                 "recipientAgency":"%s","recipientUnit":"%s","purposes":["%s"],
                 "dataCategories":%s,"validFrom":"%s","validUntil":"%s","documentReference":"Samtycke 2026-201"}"""
                .formatted(kim.pnr(), GUARDIAN_PNR, agency, unit, purpose, categories, LocalDate.now().minusDays(1),
                        LocalDate.now().plusDays(90)));
        assertThat(consent.status()).as(consent.body()).isEqualTo(201);
        return consent.uuid("consentId");
    }

    private Response share(UUID caseId, UUID consentId, String categories, TestUser coordinator) {
        return post(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseId + "/sharing", shareBody(consentId, categories, coordinator));
    }

    private static String shareBody(UUID consentId, String categories, TestUser coordinator) {
        return """
                {"partnerMunicipality":"0127","partnerUnit":"botkyrka-avhopp","role":"PLACEMENT_MUNICIPALITY",
                 "dataCategories":%s,"consentId":"%s","coordinators":["%s"]}""".formatted(categories, consentId, coordinator.id());
    }

    private JsonNode export(Person kim) {
        Response registered = post(SUPERVISOR, "/api/subject-access/requests", "{\"personalIdentityNumber\":\"" + kim.pnr()
                + "\",\"reference\":\"SN 2026/" + ThreadLocalRandom.current().nextInt(1, 99999) + "\",\"reasonCode\":\"SUBJECT_REQUEST\"}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        UUID requestId = registered.uuid("requestId");
        assertThat(post(COMPLIANCE_OFFICER, "/api/subject-access/requests/" + requestId + "/approval", null).status()).isEqualTo(200);
        Response export = post(SUPERVISOR, "/api/subject-access/requests/" + requestId + "/export", null);
        assertThat(export.status()).as(export.body()).isEqualTo(200);
        return export.json();
    }

    private static Person person() {
        String tag = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L), 36);
        LocalDate birth = LocalDate.of(2009, 1, 1);
        return new Person(TestPersonnummer.anyBornOn(birth),
                "Alex Avhoppare" + tag, "Flyttvägen " + tag);
    }
}
