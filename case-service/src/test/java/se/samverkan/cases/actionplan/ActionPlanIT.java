package se.samverkan.cases.actionplan;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.cases.support.MovableClock;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.Topics;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.*;

/**
 * Issue 15, joint action plans over HTTP: anna's team records a coordination meeting with the school (ingrid), the
 * police (david), a guardian and the youth, what was agreed and a commitment for each. Each owner sees their own
 * commitment only within a consent naming their organisation for joint planning that covers measures, and reads the
 * agreed text or who the youth is only as far as it covers those too; without one they see nothing, not even that
 * the case exists; withdrawal, expiry and closing end it at once. The owner reports done, the team follows up, the
 * watch reminds the owner or the team. The insiders: a colleague at the same school, a field assistant, another
 * municipality's token with the school's unit code, the police on a crime-prevention consent.
 */
class ActionPlanIT extends IntegrationTest {

    static final String AGREED = "Kim ska gå i skolan varje dag och pappan följer med till fritidsgården på onsdagar";
    static final String SCHOOL_TEXT = "Ringa hem samma dag vid frånvaro från första lektionen";
    static final String POLICE_TEXT = "Orossamtal med Kim och vårdnadshavaren om vännerna i centrum";
    static final TestUser SCHOOL_COLLEAGUE = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b17", "irma",
            EnumSet.of(Role.CONCERN_REPORTER), se.samverkan.contracts.Agency.MUNICIPALITY, HANINGE, "haninge-skola", "irma@haninge.example");
    static final TestUser INGRID_IN_BOTKYRKA = new TestUser(SCHOOL_COUNSELLOR.id(), "ingrid",
            EnumSet.of(Role.CONCERN_REPORTER), se.samverkan.contracts.Agency.MUNICIPALITY, BOTKYRKA, "haninge-skola", "ingrid@botkyrka.example");

    @Autowired
    CommitmentWatch watch;

    @Autowired
    MovableClock clock;

    record Plan(UUID caseId, UUID meetingId, UUID school, UUID police, UUID guardian) {
    }

    @Test
    void eachOwnerSeesTheirCommitmentOnlyWithinAConsentNamingTheirOrganisationAndNothingElse() {
        Plan plan = plan(today().plusDays(30));
        assertThat(get(SCHOOL_COUNSELLOR, "/api/commitments/" + plan.school()).status()).as("no consent yet").isEqualTo(404);
        assertThat(listedCommitments(SCHOOL_COUNSELLOR)).doesNotContain(plan.school().toString());

        // the police's consent for crime prevention covers measures, but not for joint planning: still nothing
        consent(plan.caseId(), "POLICE", "polisen-haninge", "CRIME_PREVENTION", "[\"IDENTITY\",\"MEASURES\"]", today().plusDays(60));
        assertThat(get(POLICE_LIAISON, "/api/commitments/" + plan.police()).status()).isEqualTo(404);

        UUID measuresOnly = consent(plan.caseId(), "MUNICIPALITY", "haninge-skola", "JOINT_PLANNING", "[\"MEASURES\"]",
                today().plusDays(60));
        Response read = get(SCHOOL_COUNSELLOR, "/api/commitments/" + plan.school());
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        JsonNode commitment = read.json();
        assertThat(commitment.get("commitmentType").asString()).isEqualTo("SCHOOL_ATTENDANCE_FOLLOW_UP");
        assertThat(commitment.get("commitmentTypeLabel").asString()).isEqualTo("Följa upp närvaron i skolan");
        assertThat(commitment.get("text").asString()).isEqualTo(SCHOOL_TEXT);
        assertThat(commitment.get("dueOn").asString()).isEqualTo(today().plusDays(30).toString());
        assertThat(commitment.get("meeting").get("heldOn").asString()).isEqualTo(today().toString());
        assertThat(read.body()).as("without CASE_SUMMARY the agreed text stays out; without IDENTITY who it is about")
                .doesNotContain(AGREED, "Kim Testsson", PNR, "Hemliga vägen", plan.caseId().toString(), POLICE_TEXT,
                        plan.police().toString(), "\"notes\"", "\"consents\"", "\"team\"");
        assertThat(commitment.get("access").get("fieldGroups").toString()).isEqualTo("[\"COMMITMENT\"]");

        UUID wider = consent(plan.caseId(), "MUNICIPALITY", "haninge-skola", "JOINT_PLANNING",
                "[\"MEASURES\",\"CASE_SUMMARY\",\"IDENTITY\"]", today().plusDays(60));
        JsonNode full = get(SCHOOL_COUNSELLOR, "/api/commitments/" + plan.school()).json();
        assertThat(full.get("meeting").get("agreedText").asString()).isEqualTo(AGREED);
        assertThat(full.get("subject").get("name").asString()).isEqualTo("Kim Testsson");
        assertThat(full.toString()).doesNotContain("Hemliga vägen", plan.caseId().toString(), POLICE_TEXT);

        // the insiders with valid tokens
        for (TestUser other : List.of(SCHOOL_COLLEAGUE, INGRID_IN_BOTKYRKA, FIELD_ASSISTANT, POLICE_LIAISON, ANALYST,
                SOCIAL_WORKER_OTHER_UNIT, COMPLIANCE_OFFICER)) {
            Response refused = get(other, "/api/commitments/" + plan.school());
            assertThat(refused.status()).as(other.username()).isEqualTo(404);
            assertThat(refused.body()).doesNotContain(SCHOOL_TEXT, AGREED, plan.caseId().toString());
            assertThat(post(other, "/api/commitments/" + plan.school() + "/done-report", "{}").status()).as(other.username())
                    .isEqualTo(404);
        }
        assertThat(get(SCHOOL_COUNSELLOR, "/api/commitments/" + plan.police()).status()).as("not ingrid's").isEqualTo(404);
        assertThat(get(SCHOOL_COUNSELLOR, "/api/cases/" + plan.caseId()).status()).as("never the case").isEqualTo(404);
        assertThat(get(SCHOOL_COUNSELLOR, "/api/cases").status()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(listedCommitments(SCHOOL_COUNSELLOR))
                .contains(plan.school().toString()));
        assertThat(listedCommitments(SCHOOL_COLLEAGUE)).doesNotContain(plan.school().toString());
        assertThat(get(ADMINISTRATOR, "/api/commitments").status()).isEqualTo(403);

        // the team sees everything
        JsonNode team = get(SOCIAL_WORKER, "/api/cases/" + plan.caseId()).json();
        assertThat(team.get("coordinationMeetings").get(0).get("agreedText").asString()).isEqualTo(AGREED);
        assertThat(team.get("coordinationMeetings").get(0).get("participants")).hasSize(5);
        assertThat(team.get("commitments")).hasSize(3);
        assertThat(team.toString()).contains(SCHOOL_TEXT, POLICE_TEXT);
        assertThat(get(COMPLIANCE_OFFICER, "/api/cases/" + plan.caseId()).body()).doesNotContain(AGREED, SCHOOL_TEXT);

        // withdrawal ends it at once, both consents for the school
        withdraw(plan.caseId(), measuresOnly);
        assertThat(get(SCHOOL_COUNSELLOR, "/api/commitments/" + plan.school()).status()).as("the wider one still holds").isEqualTo(200);
        withdraw(plan.caseId(), wider);
        Response after = get(SCHOOL_COUNSELLOR, "/api/commitments/" + plan.school());
        assertThat(after.status()).isEqualTo(404);
        assertThat(after.body()).doesNotContain(SCHOOL_TEXT);
        assertThat(listedCommitments(SCHOOL_COUNSELLOR)).doesNotContain(plan.school().toString());
        assertThat(post(SCHOOL_COUNSELLOR, "/api/commitments/" + plan.school() + "/done-report", "{}").status()).isEqualTo(404);

        // every read is an access event, the refused ones too, for the audit log
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(accessEvents(plan.caseId(), SCHOOL_COUNSELLOR, "READ_COMMITMENT", "ALLOWED")).isGreaterThanOrEqualTo(2);
            assertThat(accessEvents(plan.caseId(), SCHOOL_COUNSELLOR, "READ_COMMITMENT", "DENIED")).isGreaterThanOrEqualTo(2);
            assertThat(accessEvents(plan.caseId(), SCHOOL_COLLEAGUE, "READ_COMMITMENT", "DENIED")).isEqualTo(1);
        });

        CloudEvent meeting = awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.coordination-meeting-recorded.v1", plan.caseId()));
        assertThat(ContractSchemas.violations(meeting.type(), meeting.data())).isEmpty();
        assertThat(meeting.data().get("actionPlanAgreed").asBoolean()).isTrue();
        assertThat(meeting.data().get("heldOn").asString()).isEqualTo(today().toString());
        List<CloudEvent> made = await().atMost(Duration.ofSeconds(20)).until(() -> events(Topics.CASE_EVENTS,
                ofType("se.samverkan.case.commitment-made.v1", plan.caseId())), l -> l.size() == 3);
        assertThat(made).allSatisfy(e -> {
            assertThat(ContractSchemas.violations(e.type(), e.data())).isEmpty();
            assertThat(e.data().get("notifyOwner").asBoolean()).as("no consent when the plan was made").isFalse();
            assertThat(e.data().toString()).doesNotContain(SCHOOL_TEXT, POLICE_TEXT, AGREED);
        });
        assertThat(meeting.data().toString()).doesNotContain(AGREED, "Kim");
    }

    @Test
    void theOwnerReportsDoneOnceAndTheTeamFollowsUp() {
        Plan plan = planWithSchoolConsent(today().plusDays(30), today().plusDays(60));
        String key = UUID.randomUUID().toString();
        Response done = post(SCHOOL_COUNSELLOR, "/api/commitments/" + plan.school() + "/done-report",
                "{\"text\":\"Närvaron har varit full i tre veckor\"}", "Idempotency-Key", key);
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.json().get("status").asString()).isEqualTo("REPORTED_DONE");
        assertThat(done.body()).doesNotContain(plan.caseId().toString());
        Response replay = post(SCHOOL_COUNSELLOR, "/api/commitments/" + plan.school() + "/done-report",
                "{\"text\":\"Närvaron har varit full i tre veckor\"}", "Idempotency-Key", key);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(post(SCHOOL_COUNSELLOR, "/api/commitments/" + plan.school() + "/done-report",
                "{\"text\":\"En annan text helt och hållet\"}", "Idempotency-Key", key).status())
                .as("the same key with another body").isEqualTo(422);
        assertThat(post(SCHOOL_COUNSELLOR, "/api/commitments/" + plan.school() + "/done-report", "{}").status())
                .as("reported already").isEqualTo(409);

        assertThat(post(SCHOOL_COUNSELLOR, "/api/cases/" + plan.caseId() + "/commitments/" + plan.school() + "/follow-up",
                "{\"outcome\":\"KEPT\"}").status()).as("the owner does not confirm their own").isEqualTo(404);
        assertThat(post(SOCIAL_WORKER_COLLEAGUE, "/api/cases/" + plan.caseId() + "/commitments/" + plan.school() + "/follow-up",
                "{\"outcome\":\"KEPT\"}").status()).as("not on the team").isEqualTo(404);
        Response followUp = post(SOCIAL_WORKER, "/api/cases/" + plan.caseId() + "/commitments/" + plan.school() + "/follow-up",
                "{\"outcome\":\"PARTLY_KEPT\",\"on\":\"" + today() + "\"}");
        assertThat(followUp.status()).as(followUp.body()).isEqualTo(200);
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + plan.caseId() + "/commitments/" + plan.school() + "/follow-up",
                "{\"outcome\":\"KEPT\"}").status()).isEqualTo(409);
        Response unknown = post(SOCIAL_WORKER, "/api/cases/" + plan.caseId() + "/commitments/" + UUID.randomUUID() + "/follow-up",
                "{\"outcome\":\"KEPT\"}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("code").asString()).isEqualTo("unknown-commitment");
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + plan.caseId() + "/commitments/" + plan.guardian() + "/follow-up",
                "{\"outcome\":\"MOSTLY\"}").status()).as("not a code").isIn(400, 422);

        JsonNode mine = get(SCHOOL_COUNSELLOR, "/api/commitments/" + plan.school()).json();
        assertThat(mine.get("status").asString()).isEqualTo("FOLLOWED_UP");
        assertThat(mine.get("followUpOutcome").asString()).isEqualTo("PARTLY_KEPT");
        assertThat(mine.get("reportedDoneOn").asString()).isEqualTo(today().toString());

        CloudEvent reported = awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.commitment-reported-done.v1", plan.caseId()));
        assertThat(reported.data().get("actor").get("userId").asString()).isEqualTo(SCHOOL_COUNSELLOR.id());
        assertThat(reported.data().toString()).doesNotContain("Närvaron");
        CloudEvent followed = awaitEvent(Topics.CASE_EVENTS, ofType("se.samverkan.case.commitment-followed-up.v1", plan.caseId()));
        assertThat(followed.data().get("followUpOutcome").asString()).isEqualTo("PARTLY_KEPT");
        assertThat(followed.data().get("dueOn").asString()).isEqualTo(today().plusDays(30).toString());
        assertThat(ContractSchemas.violations(followed.type(), followed.data())).isEmpty();
    }

    @Test
    void remindersGoToTheOwnerWithinAConsentOtherwiseTheTeamAndExpiryOrClosingEndsWhatTheOwnerSees() {
        Plan plan = planWithSchoolConsent(today().plusDays(2), today().plusDays(3));
        JsonNode made = awaitEvent(Topics.CASE_EVENTS, e -> ofType("se.samverkan.case.commitment-made.v1", plan.caseId()).test(e)
                && e.data().get("commitmentId").asString().equals(plan.school().toString())).data();
        assertThat(made.get("notifyOwner").asBoolean()).isTrue();
        assertThat(made.get("ownerUserId").asString()).isEqualTo(SCHOOL_COUNSELLOR.id());
        awaitReadModel(plan.school());
        watch.check();
        CloudEvent dueSoon = awaitEvent(Topics.CASE_EVENTS, e -> ofType("se.samverkan.case.commitment-due-soon.v1", plan.caseId()).test(e)
                && e.data().get("commitmentId").asString().equals(plan.school().toString()));
        assertThat(dueSoon.data().get("audience").asString()).isEqualTo("OWNER");
        assertThat(dueSoon.data().get("ownerUserId").asString()).isEqualTo(SCHOOL_COUNSELLOR.id());
        CloudEvent teamReminder = awaitEvent(Topics.CASE_EVENTS, e -> ofType("se.samverkan.case.commitment-due-soon.v1", plan.caseId()).test(e)
                && e.data().get("commitmentId").asString().equals(plan.police().toString()));
        assertThat(teamReminder.data().get("audience").asString()).as("no consent for the police").isEqualTo("CASE_TEAM");
        assertThat(teamReminder.data().has("ownerUserId")).isFalse();

        clock.moveForward(Duration.ofDays(4));
        try {
            assertThat(get(SCHOOL_COUNSELLOR, "/api/commitments/" + plan.school()).status()).as("the consent expired").isEqualTo(404);
            watch.check();
            CloudEvent overdue = awaitEvent(Topics.CASE_EVENTS, e -> ofType("se.samverkan.case.commitment-overdue.v1", plan.caseId()).test(e)
                    && e.data().get("commitmentId").asString().equals(plan.school().toString()));
            assertThat(overdue.data().get("audience").asString()).as("the owner may no longer see it").isEqualTo("CASE_TEAM");
            assertThat(ContractSchemas.violations(overdue.type(), overdue.data())).isEmpty();
        } finally {
            clock.reset();
        }

        Plan other = planWithSchoolConsent(today().plusDays(30), today().plusDays(60));
        assertThat(get(SCHOOL_COUNSELLOR, "/api/commitments/" + other.school()).status()).isEqualTo(200);
        Response closed = post(SOCIAL_WORKER, "/api/cases/" + other.caseId() + "/closure", "{\"outcome\":\"GOALS_MET\"}");
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        assertThat(get(SCHOOL_COUNSELLOR, "/api/commitments/" + other.school()).status()).as("a closed case").isEqualTo(404);
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + other.caseId() + "/coordination-meetings", meetingBody(today().plusDays(3)))
                .status()).isEqualTo(409);
    }

    @Test
    void onlyTheTeamRecordsAMeetingAndEveryParticipantIsAConfiguredOrganisationAndItsOwnStaff() {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        String body = meetingBody(today().plusDays(30));
        for (TestUser outsider : List.of(SOCIAL_WORKER_COLLEAGUE, SCHOOL_COUNSELLOR, POLICE_LIAISON, SOCIAL_WORKER_OTHER_UNIT, EXIT_COORDINATOR)) {
            assertThat(post(outsider, "/api/cases/" + caseId + "/coordination-meetings", body).status()).as(outsider.username())
                    .isEqualTo(404);
        }
        Response unknownUnit = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/coordination-meetings",
                body.replace("\"haninge-skola\"", "\"haninge-okand-skola\""));
        assertThat(unknownUnit.status()).isEqualTo(422);
        assertThat(unknownUnit.json().get("code").asString()).isEqualTo("unknown-code");
        Response wrongAgency = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/coordination-meetings",
                body.replace("\"role\":\"SCHOOL\"", "\"role\":\"POLICE\""));
        assertThat(wrongAgency.status()).isEqualTo(422);
        assertThat(wrongAgency.json().get("code").asString()).isEqualTo("participant-refused");
        Response notTheirStaff = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/coordination-meetings",
                body.replace(SCHOOL_COUNSELLOR.id(), FIELD_ASSISTANT.id()));
        assertThat(notTheirStaff.status()).isEqualTo(422);
        assertThat(notTheirStaff.body()).contains("is not staff of organisation haninge-skola").doesNotContain("faltassistenter");
        Response noPlan = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/coordination-meetings",
                body.replace("\"actionPlanAgreed\":true", "\"actionPlanAgreed\":false"));
        assertThat(noPlan.status()).isEqualTo(422);
        assertThat(noPlan.json().get("code").asString()).isEqualTo("commitments-need-action-plan");
        Response tomorrow = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/coordination-meetings",
                body.replace("\"heldOn\":\"" + today() + "\"", "\"heldOn\":\"" + today().plusDays(1) + "\""));
        assertThat(tomorrow.status()).isEqualTo(422);
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/coordination-meetings",
                body.replace("\"commitmentType\":\"POLICE_DIALOGUE\"", "\"commitmentType\":\"Prata med Kim\"")).status())
                .as("free text in a code field").isIn(400, 422);
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).json().has("coordinationMeetings")
                && get(SOCIAL_WORKER, "/api/cases/" + caseId).json().get("coordinationMeetings").isEmpty())
                .as("nothing half-written").isTrue();
        Response recorded = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/coordination-meetings", body);
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        assertThat(recorded.json().get("commitmentIds")).hasSize(3);
        assertThat(recorded.header("ETag")).isNotNull();
    }

    private Plan plan(LocalDate dueOn) {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        return recordMeeting(caseId, dueOn);
    }

    private Plan planWithSchoolConsent(LocalDate dueOn, LocalDate consentUntil) {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        consent(caseId, "MUNICIPALITY", "haninge-skola", "JOINT_PLANNING", "[\"MEASURES\"]", consentUntil);
        return recordMeeting(caseId, dueOn);
    }

    private Plan recordMeeting(UUID caseId, LocalDate dueOn) {
        Response recorded = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/coordination-meetings", meetingBody(dueOn));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        JsonNode ids = recorded.json().get("commitmentIds");
        Plan plan = new Plan(caseId, recorded.uuid("meetingId"), UUID.fromString(ids.get(0).asString()),
                UUID.fromString(ids.get(1).asString()), UUID.fromString(ids.get(2).asString()));
        awaitReadModel(plan.school());
        awaitReadModel(plan.police());
        return plan;
    }

    private void awaitReadModel(UUID commitmentId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT count(*) FROM case_commitment WHERE commitment_id = ?")
                .param(commitmentId).query(Integer.class).single() == 1);
    }

    private String meetingBody(LocalDate dueOn) {
        return """
                {"heldOn":"%s","actionPlanAgreed":true,"agreedText":"%s",
                 "participants":[{"role":"SOCIAL_SERVICES","organisation":"haninge-ungdom","userId":"%s"},
                                 {"role":"SCHOOL","organisation":"haninge-skola","userId":"%s"},
                                 {"role":"POLICE","organisation":"polisen-haninge","userId":"%s"},
                                 {"role":"GUARDIAN"},{"role":"YOUTH"}],
                 "commitments":[{"participant":1,"commitmentType":"SCHOOL_ATTENDANCE_FOLLOW_UP","text":"%s","dueOn":"%s"},
                                {"participant":2,"commitmentType":"POLICE_DIALOGUE","text":"%s","dueOn":"%s"},
                                {"participant":3,"commitmentType":"PARENT_SUPPORT_GROUP","dueOn":"%s"}]}"""
                .formatted(today(), AGREED, SOCIAL_WORKER.id(), SCHOOL_COUNSELLOR.id(), POLICE_LIAISON.id(), SCHOOL_TEXT, dueOn,
                        POLICE_TEXT, dueOn, dueOn.plusDays(10));
    }

    private UUID consent(UUID caseId, String agency, String unit, String purpose, String categories, LocalDate until) {
        Response consent = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/consents", """
                {"parties":[{"role":"SUBJECT","personalIdentityNumber":"%s"},{"role":"GUARDIAN","personalIdentityNumber":"%s"}],
                 "recipientAgency":"%s","recipientUnit":"%s","purposes":["%s"],"dataCategories":%s,
                 "validFrom":"%s","validUntil":"%s","documentReference":"Samtycke 2026-401"}"""
                .formatted(PNR, GUARDIAN_PNR, agency, unit, purpose, categories, today().minusDays(1), until));
        assertThat(consent.status()).as(consent.body()).isEqualTo(201);
        return consent.uuid("consentId");
    }

    private void withdraw(UUID caseId, UUID consentId) {
        Response withdrawn = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/consents/" + consentId + "/withdrawal",
                "{\"withdrawnBy\":\"GUARDIAN\"}");
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
    }

    private int accessEvents(UUID caseId, TestUser user, String operation, String outcome) {
        return jdbc.sql("""
                        SELECT count(*) FROM access_outbox WHERE case_id = ? AND convert_from(cloud_event, 'UTF8') LIKE ?
                        AND convert_from(cloud_event, 'UTF8') LIKE ? AND convert_from(cloud_event, 'UTF8') LIKE ?""")
                .params(caseId.toString(), "%\"userId\":\"" + user.id() + "\"%", "%\"operation\":\"" + operation + "\"%",
                        "%\"" + outcome + "\"%")
                .query(Integer.class).single();
    }

    /** Every commitment id the user's list shows: ordered by due date, other tests' commitments may fill its first page. */
    private List<String> listedCommitments(TestUser user) {
        return listed(user, "/api/commitments?limit=200").stream().map(c -> c.get("commitmentId").asString()).toList();
    }
}
