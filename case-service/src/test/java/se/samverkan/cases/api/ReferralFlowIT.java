package se.samverkan.cases.api;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.cases.ConsentWithdrawn;
import se.samverkan.contracts.cases.ReferralRevoked;
import se.samverkan.contracts.cases.ReferralSent;
import se.samverkan.platform.test.TestUser;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.*;

/** The README walk-through: consent, referral, the liaison's answers, withdrawal, and the refused read after it. */
class ReferralFlowIT extends IntegrationTest {

    @Test
    void withdrawingTheConsentRevokesTheReferralAndTheLiaisonCanNoLongerReadIt() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        UUID consentId = recordConsent(caseId, "[\"IDENTITY\",\"CASE_SUMMARY\"]");

        Response tooMuch = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/referrals", referral(consentId, "[\"IDENTITY\",\"MEASURES\"]"));
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(tooMuch.json().get("detail").asString()).contains("MEASURES").doesNotContain("IDENTITY,");

        Response sent = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/referrals", referral(consentId, "[\"IDENTITY\",\"CASE_SUMMARY\"]"));
        assertThat(sent.status()).isEqualTo(201);
        UUID referralId = sent.uuid("referralId");

        await().atMost(Duration.ofSeconds(20)).until(() -> get(POLICE_LIAISON, "/api/police/referrals").body().contains(referralId.toString()));
        Response snapshot = get(POLICE_LIAISON, "/api/police/referrals/" + referralId);
        assertThat(snapshot.status()).isEqualTo(200);
        assertThat(snapshot.json().get("snapshot").get("identity").get("name").asString()).isEqualTo("Kim Testsson");
        assertThat(snapshot.json().get("snapshot").get("caseSummary").asString()).contains("Misstänkt");
        assertThat(snapshot.body()).doesNotContain("Hemliga vägen", "caseId", caseId.toString(), GUARDIAN_PNR);

        assertThat(post(POLICE_LIAISON, "/api/police/referrals/" + referralId + "/acknowledgement", null).status()).isEqualTo(200);
        assertThat(post(POLICE_LIAISON, "/api/police/referrals/" + referralId + "/acceptance", null).status()).isEqualTo(200);
        Response feedback = post(POLICE_LIAISON, "/api/police/referrals/" + referralId + "/feedback", "{\"text\":\"Samtal genomfört med familjen.\"}");
        assertThat(feedback.status()).isEqualTo(200);
        assertThat(feedback.json().get("status").asString()).isEqualTo("ACCEPTED");

        Response withdrawn = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/consents/" + consentId + "/withdrawal",
                "{\"withdrawnBy\":\"GUARDIAN\"}");
        assertThat(withdrawn.status()).isEqualTo(200);

        Response refused = get(POLICE_LIAISON, "/api/police/referrals/" + referralId);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("revoked");
        assertThat(refused.body()).doesNotContain("Kim");
        assertThat(post(POLICE_LIAISON, "/api/police/referrals/" + referralId + "/feedback", "{\"text\":\"Mer.\"}").status()).isEqualTo(403);

        CloudEvent withdrawal = awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.consent-withdrawn.v1", caseId));
        assertThat(CloudEventCodec.dataAs(withdrawal, ConsentWithdrawn.class).revokedReferralIds()).containsExactly(referralId);
        CloudEvent revoked = awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.referral-revoked.v1", caseId));
        assertThat(CloudEventCodec.dataAs(revoked, ReferralRevoked.class).reason().name()).isEqualTo("CONSENT_WITHDRAWN");
        awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.police-feedback-posted.v1", caseId));

        for (CloudEvent event : events(Topics.CASE_EVENTS, e -> caseId.toString().equals(e.subject()))) {
            assertThat(ContractSchemas.violations(event.type(), event.data())).as(event.type()).isEmpty();
            String wire = new String(CloudEventCodec.toBytes(event), StandardCharsets.UTF_8);
            assertThat(wire).as(event.type()).doesNotContain("9124", "Kim", "Hemliga", "Misstänkt", "Samtal genomfört");
        }
        CloudEvent deniedRead = awaitEvent(Topics.ACCESS_EVENTS, e -> {
            AccessRecorded a = CloudEventCodec.dataAs(e, AccessRecorded.class);
            return referralId.equals(a.referralId()) && a.outcome().name().equals("DENIED");
        });
        assertThat(CloudEventCodec.dataAs(deniedRead, AccessRecorded.class).actor().userId()).isEqualTo(POLICE_LIAISON.id());
    }

    @Test
    void aSecrecyBreakingReferralWaitsForAnotherSupervisorsApproval() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        Response noWeighing = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/referrals", """
                {"policeUnit":"polisen-haninge","legalBasis":"OSL_10_18A","dataCategories":["IDENTITY"]}""");
        assertThat(noWeighing.status()).isEqualTo(422);
        assertThat(noWeighing.json().get("code").asString()).isEqualTo("weighing-of-interests-required");

        Response created = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/referrals", """
                {"policeUnit":"polisen-haninge","legalBasis":"OSL_10_18A","dataCategories":["IDENTITY"],
                 "weighingOfInterests":"Konkret risk för allvarlig brottslighet väger tyngre än sekretessintresset."}""");
        assertThat(created.status()).isEqualTo(201);
        UUID referralId = created.uuid("referralId");

        assertThat(get(POLICE_LIAISON, "/api/police/referrals/" + referralId).status()).isEqualTo(404);
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/referrals/" + referralId + "/approval", null).status()).isEqualTo(403);

        Response approved = post(SUPERVISOR, "/api/cases/" + caseId + "/referrals/" + referralId + "/approval", null);
        assertThat(approved.status()).isEqualTo(200);

        CloudEvent sent = awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.referral-sent.v1", caseId));
        assertThat(CloudEventCodec.dataAs(sent, ReferralSent.class).approvedBy()).isEqualTo(SUPERVISOR.id());
        await().atMost(Duration.ofSeconds(20)).until(() -> get(POLICE_LIAISON, "/api/police/referrals/" + referralId).status() == 200);
    }

    @Test
    void aPoliceReportOpensAnIntakeTheSenderCannotSee() {
        Response report = post(POLICE_LIAISON, "/api/police/reports", """
                {"receivingUnit":"haninge-ungdom","summary":"Misstänkt för rån, 15 år.",
                 "subject":{"personalIdentityNumber":"%s","name":"Kim Testsson"}}""".formatted(PNR));
        assertThat(report.status()).isEqualTo(202);
        assertThat(report.body()).doesNotContain("caseId");
        UUID reportId = report.uuid("reportId");

        CloudEvent received = awaitEvent(Topics.CASE_EVENTS, e -> e.type().equals("se.samverkan.case.police-report-received.v1")
                && e.data().get("reportId").asString().equals(reportId.toString()));
        UUID caseId = UUID.fromString(received.subject());

        assertThat(get(POLICE_LIAISON, "/api/cases/" + caseId).status()).isEqualTo(404);
        assertThat(get(SUPERVISOR, "/api/cases/" + caseId).status()).isEqualTo(200);
        Response intake = get(SOCIAL_WORKER, "/api/cases/" + caseId);
        assertThat(intake.status()).isEqualTo(200);
        assertThat(intake.json().get("origin").asString()).isEqualTo("POLICE_REPORT");
        await().atMost(Duration.ofSeconds(20)).until(() -> get(SUPERVISOR, "/api/cases?unit=haninge-ungdom").body().contains(caseId.toString()));
        assertThat(get(POLICE_LIAISON, "/api/cases?unit=haninge-ungdom").body()).doesNotContain(caseId.toString());
    }

    private UUID recordConsent(UUID caseId, String categories) {
        Response consent = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/consents", """
                {"parties":[{"role":"SUBJECT","personalIdentityNumber":"%s"},{"role":"GUARDIAN","personalIdentityNumber":"%s"}],
                 "recipientAgency":"POLICE","recipientUnit":"polisen-haninge","purposes":["CRIME_PREVENTION"],
                 "dataCategories":%s,"validFrom":"%s","validUntil":"%s","documentReference":"dok-1"}"""
                .formatted(PNR, GUARDIAN_PNR, categories, LocalDate.now().minusDays(1), LocalDate.now().plusDays(90)));
        assertThat(consent.status()).as(consent.body()).isEqualTo(201);
        return consent.uuid("consentId");
    }

    private static String referral(UUID consentId, String categories) {
        return """
                {"policeUnit":"polisen-haninge","legalBasis":"CONSENT","consentId":"%s","dataCategories":%s,
                 "caseSummary":"Misstänkt för rån, behöver stöd."}""".formatted(consentId, categories);
    }
}
