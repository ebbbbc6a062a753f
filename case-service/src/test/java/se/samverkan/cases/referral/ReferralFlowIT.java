package se.samverkan.cases.referral;

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
            assertThat(wire).as(event.type()).doesNotContain("201003159124", "100315-9124", "Kim", "Hemliga", "Misstänkt", "Samtal genomfört");
            assertThat(withoutIdsAndTimes(wire)).as(event.type()).doesNotContain("9124");
        }
        CloudEvent deniedRead = awaitEvent(Topics.ACCESS_EVENTS, e -> {
            AccessRecorded a = CloudEventCodec.dataAs(e, AccessRecorded.class);
            return referralId.equals(a.referralId()) && a.outcome().name().equals("DENIED");
        });
        assertThat(CloudEventCodec.dataAs(deniedRead, AccessRecorded.class).actor().userId()).isEqualTo(POLICE_LIAISON.id());
    }

    /** A referral the police declined is done with on their side: its data is no longer theirs to read, as after a revocation. */
    @Test
    void aDeclinedReferralCanNoLongerBeReadByTheLiaison() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        UUID consentId = recordConsent(caseId, "[\"IDENTITY\",\"CASE_SUMMARY\"]");
        Response sent = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/referrals", referral(consentId, "[\"IDENTITY\",\"CASE_SUMMARY\"]"));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        UUID referralId = sent.uuid("referralId");
        await().atMost(Duration.ofSeconds(20)).until(() -> get(POLICE_LIAISON, "/api/police/referrals/" + referralId).status() == 200);

        Response declined = post(POLICE_LIAISON, "/api/police/referrals/" + referralId + "/decline", "{\"reasonCode\":\"NOT_IN_JURISDICTION\"}");
        assertThat(declined.status()).as(declined.body()).isEqualTo(200);
        assertThat(declined.json().get("status").asString()).isEqualTo("DECLINED");

        Response refused = get(POLICE_LIAISON, "/api/police/referrals/" + referralId);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString()).contains("declined");
        assertThat(refused.body()).doesNotContain("Kim", "Misstänkt");
        assertThat(post(POLICE_LIAISON, "/api/police/referrals/" + referralId + "/feedback", "{\"text\":\"Mer.\"}").status()).isEqualTo(403);
    }

    /**
     * Issue 16, cross-check: a referral the police are told about must exist in case-service when they open it. A
     * notification from a forged referral-sent event (an id case-service never issued) leads the liaison to nothing:
     * the read is refused as not found, reveals nothing, and is itself recorded as a denied access for the audit log.
     */
    @Test
    void aPoliceReadOfAReferralCaseServiceNeverIssuedIsNotFoundAndAudited() {
        UUID forgedReferralId = UUID.randomUUID();

        Response read = get(POLICE_LIAISON, "/api/police/referrals/" + forgedReferralId);
        Response answer = post(POLICE_LIAISON, "/api/police/referrals/" + forgedReferralId + "/acknowledgement", null);

        assertThat(read.status()).isEqualTo(404);
        assertThat(read.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.status()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(20)).until(() -> events(Topics.ACCESS_EVENTS, e -> {
            AccessRecorded a = CloudEventCodec.dataAs(e, AccessRecorded.class);
            return forgedReferralId.equals(a.referralId()) && a.outcome().name().equals("DENIED")
                    && POLICE_LIAISON.id().equals(a.actor().userId());
        }).size() == 2);
        assertThat(events(Topics.ACCESS_EVENTS, e -> forgedReferralId.equals(CloudEventCodec.dataAs(e, AccessRecorded.class).referralId())))
                .allSatisfy(e -> {
                    AccessRecorded a = CloudEventCodec.dataAs(e, AccessRecorded.class);
                    assertThat(a.caseId()).as("no case behind it").isNull();
                    assertThat(a.operation()).isIn("POLICE_READ_REFERRAL", "POLICE_ANSWER_REFERRAL");
                });
    }

    @Test
    void aSecrecyBreakingReferralWaitsForAnotherSupervisorsApproval() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        Response noWeighing = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/referrals", """
                {"policeUnit":"polisen-haninge","legalBasis":"OSL_10_18A","purpose":"CRIME_PREVENTION","dataCategories":["IDENTITY"]}""");
        assertThat(noWeighing.status()).isEqualTo(422);
        assertThat(noWeighing.json().get("code").asString()).isEqualTo("legal-basis-condition-failed");
        assertThat(noWeighing.json().get("failedConditions").toString()).isEqualTo("[\"WEIGHING_OF_INTERESTS_WRITTEN\"]");

        Response created = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/referrals", """
                {"policeUnit":"polisen-haninge","legalBasis":"OSL_10_18A","purpose":"CRIME_PREVENTION","dataCategories":["IDENTITY"],
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

    /** Issue 10 item 4: protection raised between creation and approval, and after a referral was sent. */
    @Test
    void protectionRaisedAfterAReferralWithContactKeepsTheAddressFromThePolice() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        UUID consentId = recordConsent(caseId, "[\"IDENTITY\",\"CONTACT\"]");
        Response byConsent = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/referrals", """
                {"policeUnit":"polisen-haninge","legalBasis":"CONSENT","consentId":"%s","dataCategories":["IDENTITY","CONTACT"]}"""
                .formatted(consentId));
        assertThat(byConsent.status()).as(byConsent.body()).isEqualTo(201);
        UUID sentBefore = byConsent.uuid("referralId");
        Response secrecyBreaking = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/referrals", """
                {"policeUnit":"polisen-haninge","legalBasis":"OSL_10_18A","purpose":"CRIME_PREVENTION","dataCategories":["IDENTITY","CONTACT"],
                 "weighingOfInterests":"Konkret risk för allvarlig brottslighet väger tyngre än sekretessintresset."}""");
        assertThat(secrecyBreaking.status()).as(secrecyBreaking.body()).isEqualTo(201);
        UUID awaiting = secrecyBreaking.uuid("referralId");
        await().atMost(Duration.ofSeconds(20)).until(() -> get(POLICE_LIAISON, "/api/police/referrals/" + sentBefore).status() == 200);
        assertThat(get(POLICE_LIAISON, "/api/police/referrals/" + sentBefore).body()).as("unprotected: the address was shared")
                .contains("Hemliga vägen");

        Response protect = put(SOCIAL_WORKER, "/api/cases/" + caseId + "/protected-identity", "{\"level\":\"SKYDDAD_FOLKBOKFORING\"}");
        assertThat(protect.status()).as(protect.body()).isEqualTo(200);
        Response approved = post(SUPERVISOR, "/api/cases/" + caseId + "/referrals/" + awaiting + "/approval", null);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> get(POLICE_LIAISON, "/api/police/referrals/" + awaiting).status() == 200);
        for (UUID referralId : java.util.List.of(sentBefore, awaiting)) {
            Response read = get(POLICE_LIAISON, "/api/police/referrals/" + referralId);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.body()).as(referralId.toString()).doesNotContain("Hemliga vägen");
            assertThat(read.json().get("snapshot").get("contact").isNull()).isTrue();
            assertThat(read.json().get("snapshot").get("identity").get("name").asString()).isEqualTo("Kim Testsson");
        }
        // the team still sees the address: only what leaves the team is narrowed
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).body()).contains("Hemliga vägen");
    }

    /** Issue 10 item 5: a replay is an answer, so the policy (and its access event) come first. */
    @Test
    void aPoliceAnswerReplayedAfterTheConsentWasWithdrawnIsRefused() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        UUID consentId = recordConsent(caseId, "[\"IDENTITY\",\"CASE_SUMMARY\"]");
        UUID referralId = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/referrals", referral(consentId, "[\"IDENTITY\",\"CASE_SUMMARY\"]"))
                .uuid("referralId");
        await().atMost(Duration.ofSeconds(20)).until(() -> get(POLICE_LIAISON, "/api/police/referrals/" + referralId).status() == 200);
        String key = UUID.randomUUID().toString();
        String path = "/api/police/referrals/" + referralId + "/acknowledgement";
        assertThat(post(POLICE_LIAISON, path, null, "Idempotency-Key", key).status()).isEqualTo(200);
        Response replay = post(POLICE_LIAISON, path, null, "Idempotency-Key", key);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");

        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/consents/" + consentId + "/withdrawal",
                "{\"withdrawnBy\":\"SUBJECT\"}").status()).isEqualTo(200);

        Response refused = post(POLICE_LIAISON, path, null, "Idempotency-Key", key);
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.header("Idempotent-Replayed")).isNull();
        assertThat(refused.json().get("detail").asString()).contains("revoked");
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                        SELECT count(*) FROM access_outbox WHERE case_id = ? AND convert_from(cloud_event, 'UTF8') LIKE '%"DENIED"%'
                        AND convert_from(cloud_event, 'UTF8') LIKE '%POLICE_ANSWER_REFERRAL%'""")
                .param(caseId.toString()).query(Integer.class).single() == 1);
    }

    /** Issue 10 item 5 for case writes: a team member removed from the team gets no replay of their earlier write. */
    @Test
    void aCaseWriteReplayedAfterTheWriterLeftTheTeamIsRefused() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE", SOCIAL_WORKER_COLLEAGUE.id());
        String key = UUID.randomUUID().toString();
        String note = "{\"text\":\"Samtal med skolan om närvaron\"}";
        Response first = post(SOCIAL_WORKER_COLLEAGUE, "/api/cases/" + caseId + "/notes", note, "Idempotency-Key", key);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(post(SOCIAL_WORKER_COLLEAGUE, "/api/cases/" + caseId + "/notes", note, "Idempotency-Key", key)
                .header("Idempotent-Replayed")).isEqualTo("true");

        Response reassigned = put(SUPERVISOR, "/api/cases/" + caseId + "/team", "{\"team\":[\"" + SOCIAL_WORKER.id() + "\"]}");
        assertThat(reassigned.status()).as(reassigned.body()).isEqualTo(200);

        Response replay = post(SOCIAL_WORKER_COLLEAGUE, "/api/cases/" + caseId + "/notes", note, "Idempotency-Key", key);
        assertThat(replay.status()).as(replay.body()).isEqualTo(404);
        assertThat(replay.body()).doesNotContain(first.json().get("noteId").asString());
    }

    @Test
    void aPoliceReportOpensAnIntakeTheSenderCannotSee() {
        // a subject of its own: a report about one with a case open in the unit joins that case instead (issue 15)
        Response report = post(POLICE_LIAISON, "/api/police/reports", """
                {"receivingUnit":"haninge-ungdom","summary":"Misstänkt för rån, 15 år.",
                 "subject":{"personalIdentityNumber":"%s","name":"Kim Testsson"}}""".formatted(se.samverkan.platform.test.TestPersonnummer.fresh()));
        assertThat(report.status()).isEqualTo(202);
        assertThat(report.body()).doesNotContain("caseId");
        UUID reportId = report.uuid("reportId");

        CloudEvent received = awaitEvent(Topics.CASE_EVENTS, e -> e.type().equals("se.samverkan.case.report-received.v1")
                && e.data().get("reportId").asString().equals(reportId.toString()));
        assertThat(received.data().get("attached").asBoolean()).isFalse();
        UUID caseId = UUID.fromString(received.subject());

        assertThat(get(POLICE_LIAISON, "/api/cases/" + caseId).status()).isEqualTo(404);
        assertThat(get(SUPERVISOR, "/api/cases/" + caseId).status()).isEqualTo(200);
        Response intake = get(SOCIAL_WORKER, "/api/cases/" + caseId);
        assertThat(intake.status()).isEqualTo(200);
        assertThat(intake.json().get("origin").asString()).isEqualTo("POLICE_REPORT");
        await().atMost(Duration.ofSeconds(20)).until(() -> listShows(SUPERVISOR, "unit=haninge-ungdom", caseId));
        assertThat(listShows(POLICE_LIAISON, "unit=haninge-ungdom", caseId)).isFalse();
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
