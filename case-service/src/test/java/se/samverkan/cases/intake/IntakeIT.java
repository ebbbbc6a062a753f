package se.samverkan.cases.intake;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.cases.deadlines.DeadlineWatch;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.Topics;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.test.TestPersonnummer;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.*;

/**
 * Issue 15's intake over HTTP with real PostgreSQL and Kafka: both clocks from receipt, the same-day safety
 * assessment, reports joining an open case, the unit's queue, forwarding with both legs, concerns from the
 * municipality's reporters, and what a reporter may learn of its report. Every test has subjects of its own
 * ({@link TestPersonnummer#fresh()}); a report about the ITs' common subject would join one of its many open cases.
 */
class IntakeIT extends IntegrationTest {

    /** A social worker of the unit a report is forwarded to, not on the team of the intake it opens there. */
    static final TestUser BOTKYRKA_SOCIAL_WORKER = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b2b", "birgitta",
            EnumSet.of(Role.SOCIAL_WORKER), se.samverkan.contracts.Agency.SOCIAL_SERVICES, BOTKYRKA, "botkyrka-avhopp",
            "birgitta@botkyrka.example");

    static final String REPORT_RECEIVED = "se.samverkan.case.report-received.v1";
    static final String STATUS_CHANGED = "se.samverkan.case.report-status-changed.v1";

    @Autowired
    DeadlineWatch watch;

    @Autowired
    ForwardedReports forwardedReports;

    @Test
    void aReportStartsBothClocksOnTheDayItIsReceivedAndTheDutyOfficersSafetyAssessmentMeetsTheSameDayOne() {
        String pnr = TestPersonnummer.fresh();
        Response sent = report(POLICE_LIAISON, pnr, "haninge-ungdom", "[\"NARCOTICS\",\"SUSPECTED_CRIME\"]");
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        assertThat(sent.json().propertyNames()).as("the sender learns the report id, nothing of the case").containsExactly("reportId");
        UUID reportId = sent.uuid("reportId");

        CloudEvent received = received(reportId, "haninge-ungdom");
        UUID caseId = UUID.fromString(received.subject());
        assertThat(ContractSchemas.violations(received.type(), received.data())).isEmpty();
        assertThat(received.data().get("attached").asBoolean()).isFalse();
        assertThat(received.data().get("reporterRole").asString()).isEqualTo("POLICE");
        assertThat(received.data().get("reporterUnit").asString()).isEqualTo("polisen-haninge");
        assertThat(received.data().get("concernTypes").toString()).contains("NARCOTICS", "SUSPECTED_CRIME");
        assertThat(received.data().get("safetyAssessmentDueOn").asString()).isEqualTo(today().toString());
        assertThat(received.data().get("assessmentDueOn").asString()).isEqualTo(today().plusDays(14).toString());
        assertThat(deadlineScheduled(caseId, "SAFETY_ASSESSMENT").data().get("dueOn").asString()).isEqualTo(today().toString());
        assertThat(deadlineScheduled(caseId, "PRELIMINARY_ASSESSMENT").data().get("dueOn").asString())
                .isEqualTo(today().plusDays(14).toString());

        // the unit's duty officer (no team yet) reads the report and makes the safety assessment the same day
        Response intake = get(SOCIAL_WORKER_COLLEAGUE, "/api/cases/" + caseId);
        assertThat(intake.status()).isEqualTo(200);
        assertThat(intake.json().get("origin").asString()).isEqualTo("POLICE_REPORT");
        JsonNode theReport = intake.json().get("reports").get(0);
        assertThat(theReport.get("summary").asString()).isEqualTo("Misstänkt innehav av narkotika vid skolan");
        assertThat(theReport.get("reporter").get("unit").asString()).isEqualTo("polisen-haninge");

        // the watch finds the same-day deadline (once its read model has it) and the unit is told it is due today
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            watch.check();
            return !events(Topics.CASE_EVENTS, e -> ofType("se.samverkan.case.deadline-approaching.v1", caseId).test(e)).isEmpty();
        });
        CloudEvent approaching = awaitEvent(Topics.CASE_EVENTS, e -> ofType("se.samverkan.case.deadline-approaching.v1", caseId).test(e)
                && e.data().get("kind").asString().equals("SAFETY_ASSESSMENT"));
        assertThat(approaching.data().get("dueOn").asString()).isEqualTo(today().toString());

        Response safety = post(SOCIAL_WORKER_COLLEAGUE, path(caseId, reportId, "safety-assessment"), "{\"immediateProtectionNeeded\":false}");
        assertThat(safety.status()).as(safety.body()).isEqualTo(200);
        CloudEvent met = awaitEvent(Topics.CASE_EVENTS, e -> ofType("se.samverkan.case.deadline-met.v1", caseId).test(e)
                && e.data().get("kind").asString().equals("SAFETY_ASSESSMENT"));
        assertThat(met.data().get("metOn").asString()).isEqualTo(today().toString());
        Response again = post(SOCIAL_WORKER_COLLEAGUE, path(caseId, reportId, "safety-assessment"), "{\"immediateProtectionNeeded\":true}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asString()).isEqualTo("safety-assessment-recorded");
        CloudEvent told = status(reportId, "SAFETY_ASSESSED");
        assertThat(told.data().get("reporterUnit").asString()).isEqualTo("polisen-haninge");
        assertThat(told.data().toString()).as("the result of the safety assessment stays in the case")
                .doesNotContain("immediateProtection", "true");

        // moving the intake on does not restart the 14 days: they ran from receipt
        assertThat(put(SUPERVISOR, "/api/cases/" + caseId + "/team", "{\"team\":[\"" + SOCIAL_WORKER.id() + "\"]}").status()).isEqualTo(200);
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/phase-changes", "{\"phase\":\"PRELIMINARY_ASSESSMENT\"}").status()).isEqualTo(200);
        List<String> assessmentDeadlines = new ArrayList<>();
        get(SOCIAL_WORKER, "/api/cases/" + caseId).json().get("deadlines").forEach(d -> {
            if (d.get("kind").asString().equals("PRELIMINARY_ASSESSMENT")) {
                assessmentDeadlines.add(d.get("dueOn").asString());
            }
        });
        assertThat(assessmentDeadlines).containsExactly(today().plusDays(14).toString());

        // the sender's view is a pooled projection: it shows the assessment once its processor has read the event
        Response status = await().atMost(Duration.ofSeconds(20)).until(() -> get(POLICE_LIAISON, "/api/intake/reports/sent/" + reportId),
                r -> r.status() != 200 || !r.json().get("status").asString().equals("RECEIVED"));
        assertThat(status.status()).as(status.body()).isEqualTo(200);
        assertThat(status.json().get("status").asString()).isEqualTo("SAFETY_ASSESSED");
        assertThat(status.json().get("answerDueOn").asString()).isEqualTo(today().plusDays(14).toString());
        assertThat(status.body()).doesNotContain(caseId.toString(), pnr.replace("-", ""), "Misstänkt innehav", "subjectId");
    }

    @Test
    void aReportAboutASubjectWithACaseOpenInTheUnitJoinsItAndTheQueueSaysWhichJoinedAndWhichOpenedOne() {
        String known = TestPersonnummer.fresh();
        UUID caseId = open(SOCIAL_WORKER, known);
        UUID joined = report(SCHOOL_COUNSELLOR, known, "haninge-ungdom", "[\"SCHOOL_ABSENCE\"]").uuid("reportId");
        CloudEvent attached = received(joined, "haninge-ungdom");
        assertThat(attached.subject()).as("the report joined anna's case").isEqualTo(caseId.toString());
        assertThat(attached.data().get("attached").asBoolean()).isTrue();
        assertThat(attached.data().get("reporterRole").asString()).isEqualTo("SCHOOL");
        assertThat(get(SOCIAL_WORKER, "/api/cases/" + caseId).json().get("reports").toString()).contains(joined.toString());

        UUID opening = report(FIELD_ASSISTANT, TestPersonnummer.fresh(), "haninge-ungdom", "[\"RUNAWAY\"]").uuid("reportId");
        UUID newCase = UUID.fromString(received(opening, "haninge-ungdom").subject());
        assertThat(newCase).isNotEqualTo(caseId);

        JsonNode joinedRow = await().atMost(Duration.ofSeconds(20)).until(() -> queueItem(SOCIAL_WORKER, joined), r -> r != null);
        assertThat(joinedRow.get("attachedToOpenCase").asBoolean()).isTrue();
        assertThat(joinedRow.get("caseId").asString()).isEqualTo(caseId.toString());
        assertThat(joinedRow.get("reporterRole").asString()).isEqualTo("SCHOOL");
        assertThat(joinedRow.get("safetyAssessmentDueOn").asString()).isEqualTo(today().toString());
        JsonNode openingRow = await().atMost(Duration.ofSeconds(20)).until(() -> queueItem(SOCIAL_WORKER_COLLEAGUE, opening), r -> r != null);
        assertThat(openingRow.get("attachedToOpenCase").asBoolean()).isFalse();
        assertThat(openingRow.get("caseId").asString()).as("an unassigned intake is the whole unit's").isEqualTo(newCase.toString());
        JsonNode notHisCase = queueItem(SOCIAL_WORKER_COLLEAGUE, joined);
        assertThat(notHisCase.get("attachedToOpenCase").asBoolean()).isTrue();
        assertThat(notHisCase.has("caseId")).as("amir is not on anna's team: the row, not the case").isFalse();

        assertThat(get(SOCIAL_WORKER_OTHER_UNIT, "/api/intake/units/haninge-ungdom/queue").status()).isEqualTo(403);
        assertThat(get(POLICE_LIAISON, "/api/intake/units/haninge-ungdom/queue").status()).isEqualTo(403);
        assertThat(get(SCHOOL_COUNSELLOR, "/api/intake/units/haninge-ungdom/queue").status()).isEqualTo(403);
        assertThat(get(SUPERVISOR, "/api/intake/units/haninge-ungdom/queue?pending=true&limit=500").status()).isEqualTo(400);
    }

    /**
     * A report that joined a protected identity's case is left out of the queue for the unit's social workers off the
     * case's team, and the page's cursor is the last row shown: taken from the last row read, it named the left-out
     * report (its id and when it came) whenever that row ended a page, which with {@code limit=1} it did at once.
     */
    @Test
    void aReportLeftOutOfTheQueueForBeingAboutAProtectedIdentityIsNeverACursor() {
        UUID visible = report(FIELD_ASSISTANT, TestPersonnummer.fresh(), "haninge-ungdom", "[\"RUNAWAY\"]").uuid("reportId");
        String hiddenPnr = TestPersonnummer.fresh();
        Response opened = post(SOCIAL_WORKER, "/api/cases", """
                {"program":"RAPID_INTERVENTION","subject":{"personalIdentityNumber":"%s","name":"Kim Skyddad",
                 "protectedIdentity":"SKYDDAD_FOLKBOKFORING"},"team":[]}""".formatted(hiddenPnr));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        UUID hidden = report(SCHOOL_COUNSELLOR, hiddenPnr, "haninge-ungdom", "[\"SCHOOL_ABSENCE\"]").uuid("reportId");
        await().atMost(Duration.ofSeconds(20)).until(() -> queueItem(SOCIAL_WORKER, hidden) != null && queueItem(SOCIAL_WORKER, visible) != null);

        Response first = get(SOCIAL_WORKER_COLLEAGUE, "/api/intake/units/haninge-ungdom/queue?limit=1");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().size()).as("the page is filled past the row left out").isEqualTo(1);
        String shown = first.json().get(0).get("reportId").asString();
        assertThat(shown).isNotEqualTo(hidden.toString());
        assertThat(first.header("Link")).as("the cursor is the report shown").contains("~" + shown).doesNotContain(hidden.toString());
        assertThat(queueItem(SOCIAL_WORKER_COLLEAGUE, hidden)).as("amir is not on the protected case's team").isNull();
        assertThat(queueItem(SOCIAL_WORKER_COLLEAGUE, visible)).isNotNull();
    }

    @Test
    void twoReportsAboutTheSameYouthArrivingTogetherEndOnOneCase() throws Exception {
        String pnr = TestPersonnummer.fresh();
        CompletableFuture<Response> police = CompletableFuture.supplyAsync(() -> report(POLICE_LIAISON, pnr, "haninge-ungdom", "[\"VIOLENCE\"]"));
        CompletableFuture<Response> school = CompletableFuture.supplyAsync(() -> report(SCHOOL_COUNSELLOR, pnr, "haninge-ungdom", "[\"VIOLENCE\"]"));
        CloudEvent first = received(police.get().uuid("reportId"), "haninge-ungdom");
        CloudEvent second = received(school.get().uuid("reportId"), "haninge-ungdom");

        assertThat(first.subject()).isEqualTo(second.subject());
        assertThat(List.of(first.data().get("attached").asBoolean(), second.data().get("attached").asBoolean()))
                .containsExactlyInAnyOrder(true, false);
    }

    @Test
    void theReporterLearnsWhetherAnInvestigationWasOpenedOrIsAlreadyOngoingWithTheDateAndNothingElse() {
        String pnr = TestPersonnummer.fresh();
        UUID policeReport = report(POLICE_LIAISON, pnr, "haninge-ungdom", "[\"CRIMINAL_NETWORK\"]").uuid("reportId");
        UUID caseId = UUID.fromString(received(policeReport, "haninge-ungdom").subject());
        UUID schoolReport = report(SCHOOL_COUNSELLOR, pnr, "haninge-ungdom", "[\"SCHOOL_ABSENCE\"]").uuid("reportId");
        assertThat(received(schoolReport, "haninge-ungdom").subject()).isEqualTo(caseId.toString());

        // joined to a case still being assessed, the school's report reads exactly like one that opened a case
        JsonNode schoolView = await().atMost(Duration.ofSeconds(20)).until(() -> get(SCHOOL_COUNSELLOR,
                "/api/intake/reports/sent/" + schoolReport), r -> r.status() == 200).json();
        assertThat(schoolView.get("status").asString()).isEqualTo("RECEIVED");
        assertThat(schoolView.toString()).doesNotContain("attach", caseId.toString(), "polisen", pnr.replace("-", ""));
        assertThat(get(SCHOOL_COUNSELLOR, "/api/intake/reports/sent/" + policeReport).status())
                .as("the police's report is not the school's to follow").isEqualTo(404);
        assertThat(get(POLICE_LIAISON, "/api/intake/reports/sent/" + schoolReport).status()).isEqualTo(404);
        assertThat(get(FIELD_ASSISTANT, "/api/intake/reports/sent/" + schoolReport).status())
                .as("another reporter unit of the same municipality").isEqualTo(404);
        assertThat(get(SOCIAL_WORKER, "/api/intake/reports/sent/" + schoolReport).status()).isEqualTo(403);
        assertThat(get(SCHOOL_COUNSELLOR, "/api/intake/reports/sent/" + UUID.randomUUID()).status()).isEqualTo(404);

        assertThat(put(SUPERVISOR, "/api/cases/" + caseId + "/team", "{\"team\":[\"" + SOCIAL_WORKER.id() + "\"]}").status()).isEqualTo(200);
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/phase-changes", "{\"phase\":\"PRELIMINARY_ASSESSMENT\"}").status()).isEqualTo(200);
        Response onOneReport = post(SOCIAL_WORKER, path(caseId, schoolReport, "assessment"), "{\"decision\":\"INVESTIGATION_OPENED\"}");
        assertThat(onOneReport.status()).as("before its safety assessment").isEqualTo(422);
        assertThat(post(SOCIAL_WORKER, "/api/cases/" + caseId + "/phase-changes", "{\"phase\":\"INVESTIGATION\"}").status()).isEqualTo(200);

        for (UUID reportId : List.of(policeReport, schoolReport)) {
            CloudEvent opened = status(reportId, "INVESTIGATION_OPENED");
            assertThat(opened.data().get("statusOn").asString()).isEqualTo(today().toString());
        }
        JsonNode afterwards = await().atMost(Duration.ofSeconds(20)).until(() -> get(SCHOOL_COUNSELLOR,
                "/api/intake/reports/sent/" + schoolReport).json(), v -> v.get("status").asString().equals("INVESTIGATION_OPENED"));
        assertThat(afterwards.get("statusOn").asString()).isEqualTo(today().toString());
        assertThat(afterwards.has("answerDueOn")).isFalse();

        // a report that comes while the investigation runs is "already ongoing" at once: the statute's own answer
        UUID lateReport = report(FIELD_ASSISTANT, pnr, "haninge-ungdom", "[\"WEAPONS\"]").uuid("reportId");
        assertThat(received(lateReport, "haninge-ungdom").data().has("assessmentDueOn")).isFalse();
        status(lateReport, "INVESTIGATION_ONGOING");
        await().atMost(Duration.ofSeconds(20)).until(() -> get(FIELD_ASSISTANT, "/api/intake/reports/sent/" + lateReport).json()
                .get("status").asString().equals("INVESTIGATION_ONGOING"));

        // and one decided on its own: no investigation
        UUID quiet = report(FIELD_ASSISTANT, TestPersonnummer.fresh(), "haninge-ungdom", "[\"OTHER\"]").uuid("reportId");
        UUID quietCase = UUID.fromString(received(quiet, "haninge-ungdom").subject());
        assertThat(post(SOCIAL_WORKER_COLLEAGUE, path(quietCase, quiet, "safety-assessment"), "{\"immediateProtectionNeeded\":false}").status())
                .isEqualTo(200);
        Response none = post(SOCIAL_WORKER_COLLEAGUE, path(quietCase, quiet, "assessment"), "{\"decision\":\"NO_INVESTIGATION\"}");
        assertThat(none.status()).as(none.body()).isEqualTo(200);
        status(quiet, "NO_INVESTIGATION");
        List<String> fieldAssistantsReports = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            fieldAssistantsReports.clear();
            get(FIELD_ASSISTANT, "/api/intake/reports/sent?limit=200").json().forEach(r -> fieldAssistantsReports.add(r.get("reportId").asString()));
            assertThat(fieldAssistantsReports).contains(quiet.toString(), lateReport.toString());
        });
        assertThat(fieldAssistantsReports).doesNotContain(schoolReport.toString(), policeReport.toString());
    }

    @Test
    void aMisdirectedReportIsForwardedWithBothLegsRecordedAndTheSenderToldWhereButTheForwardingUnitCannotFollowIt() {
        String pnr = TestPersonnummer.fresh();
        UUID reportId = report(POLICE_LIAISON, pnr, "haninge-ungdom", "[\"CRIMINAL_NETWORK\"]").uuid("reportId");
        UUID caseA = UUID.fromString(received(reportId, "haninge-ungdom").subject());
        String forwarding = "{\"toUnit\":\"haninge-avhopp\",\"reasonCode\":\"OTHER_UNIT_RESPONSIBLE\"}";

        Response tooEarly = post(SOCIAL_WORKER_COLLEAGUE, path(caseA, reportId, "forwarding"), forwarding);
        assertThat(tooEarly.status()).as("the safety assessment cannot wait for the other unit").isEqualTo(422);
        assertThat(tooEarly.json().get("code").asString()).isEqualTo("safety-assessment-first");
        assertThat(post(SOCIAL_WORKER_COLLEAGUE, path(caseA, reportId, "safety-assessment"), "{\"immediateProtectionNeeded\":false}").status())
                .isEqualTo(200);
        assertThat(post(SOCIAL_WORKER_COLLEAGUE, path(caseA, reportId, "forwarding"), "{\"toUnit\":\"polisen-haninge\",\"reasonCode\":\"OTHER\"}")
                .status()).as("only a social-services unit takes a report").isEqualTo(422);
        assertThat(post(SOCIAL_WORKER_COLLEAGUE, path(caseA, reportId, "forwarding"), "{\"toUnit\":\"haninge-ungdom\",\"reasonCode\":\"OTHER\"}")
                .json().get("code").asString()).isEqualTo("forward-to-own-unit");
        Response forwarded = post(SOCIAL_WORKER_COLLEAGUE, path(caseA, reportId, "forwarding"), forwarding);
        assertThat(forwarded.status()).as(forwarded.body()).isEqualTo(200);

        CloudEvent told = status(reportId, "FORWARDED");
        assertThat(told.data().get("forwardedToUnit").asString()).isEqualTo("haninge-avhopp");
        assertThat(told.data().get("forwardingReason").asString()).isEqualTo("OTHER_UNIT_RESPONSIBLE");
        CloudEvent secondLeg = received(reportId, "haninge-avhopp");
        UUID caseB = UUID.fromString(secondLeg.subject());
        assertThat(secondLeg.data().get("forwardedFromUnit").asString()).isEqualTo("haninge-ungdom");
        assertThat(secondLeg.data().get("reporterUnit").asString()).as("still the police's report").isEqualTo("polisen-haninge");
        assertThat(secondLeg.data().get("safetyAssessmentDueOn").asString()).isEqualTo(today().toString());
        assertThat(forwarded.body()).doesNotContain(caseB.toString());

        Response closedA = get(SUPERVISOR, "/api/cases/" + caseA);
        assertThat(closedA.json().get("status").asString()).as("an intake the report alone opened closes as transferred").isEqualTo("CLOSED");
        assertThat(closedA.json().get("outcome").asString()).isEqualTo("TRANSFERRED");
        assertThat(post(SOCIAL_WORKER_COLLEAGUE, path(caseA, reportId, "forwarding"), forwarding).status()).isEqualTo(409);

        // the forwarding unit cannot follow the report into the other unit's case
        for (TestUser a : List.of(SOCIAL_WORKER, SOCIAL_WORKER_COLLEAGUE, SUPERVISOR)) {
            assertThat(get(a, "/api/cases/" + caseB).status()).as(a.username()).isEqualTo(404);
            assertThat(post(a, path(caseB, reportId, "safety-assessment"), "{\"immediateProtectionNeeded\":true}").status()).isEqualTo(404);
            assertThat(post(a, path(caseB, reportId, "forwarding"), "{\"toUnit\":\"haninge-ungdom\",\"reasonCode\":\"OTHER\"}").status())
                    .isEqualTo(404);
        }
        JsonNode rowInA = await().atMost(Duration.ofSeconds(20)).until(() -> queueItem(SUPERVISOR, reportId),
                r -> r != null && "FORWARDED".equals(r.get("status").asString()));
        assertThat(rowInA.get("forwardedToUnit").asString()).isEqualTo("haninge-avhopp");
        assertThat(rowInA.toString()).doesNotContain(caseB.toString());
        assertThat(get(SUPERVISOR, "/api/intake/units/haninge-avhopp/queue").status()).isEqualTo(403);
        JsonNode rowInB = await().atMost(Duration.ofSeconds(20)).until(() -> queueItem(SOCIAL_WORKER_OTHER_UNIT, reportId, "haninge-avhopp"),
                r -> r != null);
        assertThat(rowInB.get("caseId").asString()).isEqualTo(caseB.toString());
        assertThat(rowInB.get("forwardedFromUnit").asString()).isEqualTo("haninge-ungdom");
        assertThat(get(SOCIAL_WORKER_OTHER_UNIT, "/api/cases/" + caseB).json().get("reports").get(0).get("summary").asString())
                .as("the receiving unit gets the report's text").isEqualTo("Misstänkt innehav av narkotika vid skolan");

        JsonNode sender = await().atMost(Duration.ofSeconds(20)).until(() -> get(POLICE_LIAISON, "/api/intake/reports/sent/" + reportId).json(),
                v -> v.get("withUnit").asString().equals("haninge-avhopp"));
        List<String> steps = new ArrayList<>();
        sender.get("steps").forEach(s -> steps.add(s.get("status").asString() + "@" + (s.has("unit") ? s.get("unit").asString() : "")));
        assertThat(steps).containsExactly("RECEIVED@haninge-ungdom", "SAFETY_ASSESSED@", "FORWARDED@haninge-avhopp", "RECEIVED@haninge-avhopp");
        assertThat(sender.toString()).doesNotContain(caseA.toString(), caseB.toString(), pnr.replace("-", ""));

        // placing the second leg again (the watch, a retry) changes nothing
        forwardedReports.placeMissingLegs();
        assertThat(forwardedReports.place(new se.samverkan.cases.domain.CaseId(caseA), reportId.toString())).isTrue();
        assertThat(events(Topics.CASE_EVENTS, e -> e.type().equals(REPORT_RECEIVED)
                && e.data().get("reportId").asString().equals(reportId.toString()))).hasSize(2);
    }

    /**
     * "Resides in another municipality" and the unit that took the report are where a protected young person now lives:
     * the sender (here the police) learns that the report was forwarded and when, not where nor why.
     */
    @Test
    void aProtectedYoungPersonsReportForwardedElsewhereTellsTheSenderThatItWentButNotWhereNorWhy() {
        String pnr = TestPersonnummer.fresh();
        UUID reportId = post(POLICE_LIAISON, "/api/intake/reports", """
                {"receivingUnit":"haninge-ungdom","concernTypes":["EXPOSED_TO_VIOLENCE"],"summary":"Hot mot den unge",
                 "subject":{"personalIdentityNumber":"%s","name":"Kim Anmälansson","address":"Hemliga vägen 1"}}"""
                .formatted(pnr)).uuid("reportId");
        UUID caseA = UUID.fromString(received(reportId, "haninge-ungdom").subject());
        Response raised = put(SUPERVISOR, "/api/cases/" + caseA + "/protected-identity", "{\"level\":\"SKYDDAD_FOLKBOKFORING\"}");
        assertThat(raised.status()).as(raised.body()).isEqualTo(200);
        assertThat(post(SUPERVISOR, path(caseA, reportId, "safety-assessment"), "{\"immediateProtectionNeeded\":true}").status()).isEqualTo(200);
        Response forwarded = post(SUPERVISOR, path(caseA, reportId, "forwarding"), "{\"toMunicipality\":\"0127\",\"toUnit\":\"botkyrka-avhopp\","
                + "\"reasonCode\":\"RESIDES_IN_OTHER_MUNICIPALITY\"}");
        assertThat(forwarded.status()).as(forwarded.body()).isEqualTo(200);
        CloudEvent there = received(reportId, "botkyrka-avhopp");

        // the protection raised in Haninge after the report came travels with it: the level in force, not the one at opening
        assertThat(there.data().get("caseRef").get("protectedIdentity").asString()).isEqualTo("SKYDDAD_FOLKBOKFORING");
        Response inBotkyrka = get(BOTKYRKA_SOCIAL_WORKER, "/api/cases/" + there.subject());
        assertThat(inBotkyrka.status()).as(inBotkyrka.body()).isEqualTo(200);
        assertThat(inBotkyrka.json().get("protectedIdentity").asString()).isEqualTo("SKYDDAD_FOLKBOKFORING");
        assertThat(inBotkyrka.json().get("subject").get("name").asString()).as("the duty officer knows who it is")
                .isEqualTo("Kim Anmälansson");
        assertThat(inBotkyrka.json().get("subject").has("address")).as("but not where they live: not on the team").isFalse();
        assertThat(inBotkyrka.body()).doesNotContain("Hemliga vägen");
        // nor where they came from: the unit and municipality they fled are whereabouts too
        JsonNode arrived = inBotkyrka.json().get("reports").get(0);
        assertThat(arrived.hasNonNull("forwardedFromMunicipality") || arrived.hasNonNull("forwardedFromUnit")
                || arrived.hasNonNull("earlierStops")).as(arrived.toString()).isFalse();
        // and in Haninge, a colleague outside the team reads that the report went, not where: that is where they live
        JsonNode leg = get(SOCIAL_WORKER, "/api/cases/" + caseA).json().get("reports").get(0);
        assertThat(leg.hasNonNull("forwardedOn")).isTrue();
        assertThat(leg.hasNonNull("forwardedToMunicipality") || leg.hasNonNull("forwardedToUnit") || leg.hasNonNull("forwardingReason"))
                .as(leg.toString()).isFalse();

        JsonNode sender = await().atMost(Duration.ofSeconds(20)).until(() -> get(POLICE_LIAISON, "/api/intake/reports/sent/" + reportId).json(),
                v -> v.has("steps") && v.get("steps").size() == 4);
        List<String> steps = new ArrayList<>();
        sender.get("steps").forEach(s -> steps.add(s.get("status").asString() + "@" + (s.has("unit") ? s.get("unit").asString() : "")
                + (s.has("municipality") ? "/" + s.get("municipality").asString() : "") + (s.has("reason") ? "/" + s.get("reason").asString() : "")));
        assertThat(steps).containsExactly("RECEIVED@haninge-ungdom/0136", "SAFETY_ASSESSED@", "FORWARDED@", "RECEIVED@");
        assertThat(sender.has("withMunicipality") || sender.has("withUnit")).as("nor who has it now").isFalse();
        assertThat(sender.toString()).doesNotContain("botkyrka", "RESIDES_IN_OTHER_MUNICIPALITY");
        Response list = get(POLICE_LIAISON, "/api/intake/reports/sent?limit=200");
        assertThat(list.status()).isEqualTo(200);
        List<String> listed = new ArrayList<>();
        list.json().forEach(item -> {
            if (item.get("reportId").asString().equals(reportId.toString())) {
                listed.add(item.toString());
            }
        });
        assertThat(listed).as("the sender's list, newest first").singleElement().asString()
                .doesNotContain("botkyrka", "RESIDES_IN_OTHER_MUNICIPALITY");
    }

    @Test
    void aReportForwardedToAnotherMunicipalityArrivesThereUnderThatMunicipalitysPseudonym() {
        String pnr = TestPersonnummer.fresh();
        UUID reportId = report(POLICE_LIAISON, pnr, "haninge-ungdom", "[\"EXPOSED_TO_VIOLENCE\"]").uuid("reportId");
        CloudEvent first = received(reportId, "haninge-ungdom");
        UUID caseA = UUID.fromString(first.subject());
        assertThat(post(SUPERVISOR, path(caseA, reportId, "safety-assessment"), "{\"immediateProtectionNeeded\":true}").status()).isEqualTo(200);
        assertThat(post(SUPERVISOR, path(caseA, reportId, "forwarding"), "{\"toMunicipality\":\"0127\",\"toUnit\":\"haninge-avhopp\","
                + "\"reasonCode\":\"RESIDES_IN_OTHER_MUNICIPALITY\"}").status()).as("a unit of another municipality").isEqualTo(422);
        Response forwarded = post(SUPERVISOR, path(caseA, reportId, "forwarding"), "{\"toMunicipality\":\"0127\",\"toUnit\":\"botkyrka-avhopp\","
                + "\"reasonCode\":\"RESIDES_IN_OTHER_MUNICIPALITY\"}");
        assertThat(forwarded.status()).as(forwarded.body()).isEqualTo(200);

        CloudEvent there = received(reportId, "botkyrka-avhopp");
        assertThat(there.data().get("caseRef").get("municipality").asString()).isEqualTo("0127");
        assertThat(there.data().get("caseRef").get("subjectId").asString()).as("a pseudonym per municipality")
                .isNotEqualTo(first.data().get("caseRef").get("subjectId").asString());
        assertThat(there.data().get("forwardedFromMunicipality").asString()).isEqualTo("0136");
    }

    @Test
    void concernsFromTheMunicipalitysReportersComeThroughTheSameIntakeWithTheirUnitsRole() {
        UUID fromSchool = report(SCHOOL_COUNSELLOR, TestPersonnummer.fresh(), "haninge-ungdom", "[\"NARCOTICS\"]").uuid("reportId");
        CloudEvent school = received(fromSchool, "haninge-ungdom");
        assertThat(school.data().get("reporterRole").asString()).isEqualTo("SCHOOL");
        assertThat(school.data().get("reporterAgency").asString()).isEqualTo("MUNICIPALITY");
        UUID caseId = UUID.fromString(school.subject());
        assertThat(get(SUPERVISOR, "/api/cases/" + caseId).json().get("origin").asString()).isEqualTo("CONCERN_REPORT");
        UUID fromField = report(FIELD_ASSISTANT, TestPersonnummer.fresh(), "haninge-ungdom", "[\"NARCOTICS\",\"ALCOHOL\"]").uuid("reportId");
        assertThat(received(fromField, "haninge-ungdom").data().get("reporterRole").asString()).isEqualTo("FIELD_ASSISTANT");

        assertThat(report(SCHOOL_COUNSELLOR, TestPersonnummer.fresh(), "haninge-ungdom", "[]").status()).as("what it is about").isEqualTo(400);
        Response nameAsCode = report(SCHOOL_COUNSELLOR, TestPersonnummer.fresh(), "haninge-ungdom", "[\"Kim Andersson\"]");
        assertThat(nameAsCode.status()).isEqualTo(422);
        assertThat(nameAsCode.json().get("code").asString()).isEqualTo("unknown-code");
        assertThat(nameAsCode.body()).contains("NARCOTICS").doesNotContain("Kim Andersson");
        Response toOtherMunicipality = post(SCHOOL_COUNSELLOR, "/api/intake/reports", body(TestPersonnummer.fresh(), "botkyrka-avhopp",
                "[\"NARCOTICS\"]").replace("{\"receivingUnit\"", "{\"receivingMunicipality\":\"0127\",\"receivingUnit\""));
        assertThat(toOtherMunicipality.status()).as(toOtherMunicipality.body()).isEqualTo(403);
        Response toTheSchool = report(SCHOOL_COUNSELLOR, TestPersonnummer.fresh(), "haninge-skola", "[\"NARCOTICS\"]");
        assertThat(toTheSchool.status()).as("only social services receive reports").isEqualTo(422);
        assertThat(toTheSchool.json().get("code").asString()).isEqualTo("unknown-code");

        TestUser notConfigured = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6c77", "kalle", EnumSet.of(Role.CONCERN_REPORTER),
                se.samverkan.contracts.Agency.MUNICIPALITY, HANINGE, "haninge-it", "kalle@haninge.example");
        Response refused = report(notConfigured, TestPersonnummer.fresh(), "haninge-ungdom", "[\"NARCOTICS\"]");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("code").asString()).isEqualTo("reporter-not-configured");
        for (TestUser nobodysReporter : List.of(SOCIAL_WORKER, SUPERVISOR, COMPLIANCE_OFFICER, ADMINISTRATOR, ANALYST, EXIT_COORDINATOR)) {
            assertThat(report(nobodysReporter, TestPersonnummer.fresh(), "haninge-ungdom", "[\"NARCOTICS\"]").status())
                    .as(nobodysReporter.username()).isEqualTo(403);
        }

        // a reporter sees no case: not the one its concern opened, not the list
        assertThat(get(SCHOOL_COUNSELLOR, "/api/cases/" + caseId).status()).isEqualTo(404);
        assertThat(get(SCHOOL_COUNSELLOR, "/api/cases").status()).isEqualTo(404);
        assertThat(post(SCHOOL_COUNSELLOR, path(caseId, fromSchool, "safety-assessment"), "{\"immediateProtectionNeeded\":false}").status())
                .isEqualTo(404);

        // a retry replays the first answer; the same key with another report is refused
        String pnr = TestPersonnummer.fresh();
        String key = UUID.randomUUID().toString();
        Response once = post(FIELD_ASSISTANT, "/api/intake/reports", body(pnr, "haninge-ungdom", "[\"RUNAWAY\"]"), "Idempotency-Key", key);
        Response twice = post(FIELD_ASSISTANT, "/api/intake/reports", body(pnr, "haninge-ungdom", "[\"RUNAWAY\"]"), "Idempotency-Key", key);
        assertThat(twice.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(twice.uuid("reportId")).isEqualTo(once.uuid("reportId"));
        Response other = post(FIELD_ASSISTANT, "/api/intake/reports", body(TestPersonnummer.fresh(), "haninge-ungdom", "[\"RUNAWAY\"]"),
                "Idempotency-Key", key);
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().get("code").asString()).isEqualTo("idempotency-key-reused");
        received(once.uuid("reportId"), "haninge-ungdom");
        assertThat(events(Topics.CASE_EVENTS, e -> e.type().equals(REPORT_RECEIVED)
                && e.data().get("reportId").asString().equals(once.uuid("reportId").toString()))).hasSize(1);
    }

    @Test
    void everyReadOfAReportsStatusIsAnAccessEventAndARefusedOneToo() {
        UUID reportId = report(SCHOOL_COUNSELLOR, TestPersonnummer.fresh(), "haninge-ungdom", "[\"HOME_ENVIRONMENT\"]").uuid("reportId");
        UUID caseId = UUID.fromString(received(reportId, "haninge-ungdom").subject());
        await().atMost(Duration.ofSeconds(20)).until(() -> get(SCHOOL_COUNSELLOR, "/api/intake/reports/sent/" + reportId).status() == 200);
        assertThat(get(FIELD_ASSISTANT, "/api/intake/reports/sent/" + reportId).status()).isEqualTo(404);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<String> accesses = jdbc.sql("SELECT convert_from(cloud_event, 'UTF8') FROM access_outbox WHERE case_id = ?")
                    .param(caseId.toString()).query(String.class).list();
            assertThat(accesses).anyMatch(a -> a.contains("READ_REPORT_STATUS") && a.contains(SCHOOL_COUNSELLOR.id()) && a.contains("ALLOWED"));
            assertThat(accesses).anyMatch(a -> a.contains("READ_REPORT_STATUS") && a.contains(FIELD_ASSISTANT.id()) && a.contains("DENIED"));
        });
    }

    private Response report(TestUser user, String pnr, String unit, String concernTypes) {
        return post(user, "/api/intake/reports", body(pnr, unit, concernTypes));
    }

    private static String body(String pnr, String unit, String concernTypes) {
        return """
                {"receivingUnit":"%s","concernTypes":%s,"summary":"Misstänkt innehav av narkotika vid skolan",
                 "subject":{"personalIdentityNumber":"%s","name":"Kim Anmälansson"}}""".formatted(unit, concernTypes, pnr);
    }

    private UUID open(TestUser user, String pnr) {
        Response opened = post(user, "/api/cases", """
                {"program":"RAPID_INTERVENTION","subject":{"personalIdentityNumber":"%s","name":"Kim Anmälansson"},"team":[]}"""
                .formatted(pnr));
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        return opened.uuid("caseId");
    }

    private static String path(UUID caseId, UUID reportId, String step) {
        return "/api/cases/" + caseId + "/reports/" + reportId + "/" + step;
    }

    private static CloudEvent received(UUID reportId, String unit) {
        return awaitEvent(Topics.CASE_EVENTS, e -> e.type().equals(REPORT_RECEIVED)
                && e.data().get("reportId").asString().equals(reportId.toString())
                && e.data().get("caseRef").get("unit").asString().equals(unit));
    }

    private static CloudEvent status(UUID reportId, String status) {
        CloudEvent event = awaitEvent(Topics.CASE_EVENTS, e -> e.type().equals(STATUS_CHANGED)
                && e.data().get("reportId").asString().equals(reportId.toString())
                && e.data().get("reportStatus").asString().equals(status));
        assertThat(ContractSchemas.violations(event.type(), event.data())).isEmpty();
        return event;
    }

    private static CloudEvent deadlineScheduled(UUID caseId, String kind) {
        return awaitEvent(Topics.CASE_EVENTS, e -> ofType("se.samverkan.case.deadline-scheduled.v1", caseId).test(e)
                && e.data().get("kind").asString().equals(kind));
    }

    private JsonNode queueItem(TestUser reader, UUID reportId) {
        return queueItem(reader, reportId, "haninge-ungdom");
    }

    /** The report's row in the unit's queue, found by its id on the pages the Link header leads to. */
    private JsonNode queueItem(TestUser reader, UUID reportId, String unit) {
        String next = "/api/intake/units/" + unit + "/queue?limit=200";
        while (next != null) {
            Response page = get(reader, next);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            for (JsonNode item : page.json()) {
                if (item.get("reportId").asString().equals(reportId.toString())) {
                    return item;
                }
            }
            String link = page.header("Link");
            next = link == null ? null : link.substring(link.indexOf("/api/"), link.indexOf('>'));
        }
        return null;
    }
}
