package se.samverkan.cases.actionplan;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.cases.config.CommitmentProperties;
import se.samverkan.cases.projection.CommitmentSummaries;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.Topics;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.*;

/**
 * Issue 15 leftovers for a participant's side of joint action plans: "my commitments" pages with a next link instead
 * of stopping at 200, every read of a commitment is an access event naming the commitment, and reminders have their
 * own lead days (not the statutory deadlines' warning days).
 */
class MyCommitmentsIT extends IntegrationTest {

    @Autowired
    CommitmentWatch watch;

    @Autowired
    CommitmentSummaries summaries;

    @Autowired
    CommandGateway commands;

    @Autowired
    Clock clock;

    @Test
    void myCommitmentsPageWithANextLinkAndEveryCommitmentReadIsRecordedWithItsId() {
        UUID first = schoolCommitment(today().plusDays(40));
        UUID second = schoolCommitment(today().plusDays(41));

        List<String> seen = new ArrayList<>();
        String next = "/api/commitments?limit=1";
        int pages = 0;
        while (next != null && pages < 500) {
            Response page = get(SCHOOL_COUNSELLOR, next);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.json().size()).isLessThanOrEqualTo(1);
            page.json().forEach(c -> seen.add(c.get("commitmentId").asString()));
            String link = page.header("Link");
            next = link == null ? null : link.substring(link.indexOf("/api/"), link.indexOf('>'));
            pages++;
        }
        assertThat(seen).contains(first.toString(), second.toString());
        assertThat(new HashSet<>(seen)).as("no commitment twice across pages").hasSize(seen.size());
        List<String> whole = new ArrayList<>();
        get(SCHOOL_COUNSELLOR, "/api/commitments?limit=200").json().forEach(c -> whole.add(c.get("commitmentId").asString()));
        if (whole.size() < 200) {
            assertThat(seen).as("the pages together are the whole list, in its order").isEqualTo(whole);
        }
        assertThat(seen.indexOf(first.toString())).as("by due date").isLessThan(seen.indexOf(second.toString()));
        assertThat(get(SCHOOL_COUNSELLOR, "/api/commitments?limit=0").status()).isEqualTo(400);
        assertThat(get(SCHOOL_COUNSELLOR, "/api/commitments?after=DROP%20TABLE").json().get("code").asString()).isEqualTo("invalid-cursor");
        assertThat(get(ADMINISTRATOR, "/api/commitments?limit=1").status()).isEqualTo(403);

        assertThat(get(SCHOOL_COUNSELLOR, "/api/commitments/" + first).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<String> accesses = jdbc.sql("SELECT convert_from(cloud_event, 'UTF8') FROM access_outbox WHERE convert_from(cloud_event, 'UTF8') LIKE ?")
                    .param("%\"commitmentId\":\"" + first + "\"%").query(String.class).list();
            assertThat(accesses).anyMatch(a -> a.contains("\"LIST_OWN_COMMITMENTS\"") && a.contains(SCHOOL_COUNSELLOR.id()));
            assertThat(accesses).anyMatch(a -> a.contains("\"READ_COMMITMENT\"") && a.contains(SCHOOL_COUNSELLOR.id()));
        });
        // the insider: another school counsellor reads nothing of it, and the refusal is recorded too (with the case)
        assertThat(get(ActionPlanIT.SCHOOL_COLLEAGUE, "/api/commitments/" + first).status()).isEqualTo(404);
    }

    @Test
    void remindersComeTheirOwnLeadDaysBeforeTheDueDateNotTheDeadlineWarningDays() {
        UUID inSeven = schoolCommitment(today().plusDays(7));
        UUID caseId = summaries.caseOf(inSeven).orElseThrow();
        watch.check();
        assertThat(events(Topics.CASE_EVENTS, e -> ofType("se.samverkan.case.commitment-due-soon.v1", caseId).test(e)))
                .as("the default lead (3 days) has not come").isEmpty();

        new CommitmentWatch(summaries, commands, clock, new CommitmentProperties(10)).check();
        awaitEvent(Topics.CASE_EVENTS, e -> ofType("se.samverkan.case.commitment-due-soon.v1", caseId).test(e)
                && e.data().toString().contains(inSeven.toString()));
        assertThat(new CommitmentProperties(null).reminderLeadDays()).isEqualTo(3);
    }

    /** A plan on a case with a consent naming the school for joint planning; the school counsellor's commitment. */
    private UUID schoolCommitment(LocalDate dueOn) {
        UUID caseId = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        Response consent = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/consents", """
                {"parties":[{"role":"SUBJECT","personalIdentityNumber":"%s"},{"role":"GUARDIAN","personalIdentityNumber":"%s"}],
                 "recipientAgency":"MUNICIPALITY","recipientUnit":"haninge-skola","purposes":["JOINT_PLANNING"],"dataCategories":["MEASURES"],
                 "validFrom":"%s","validUntil":"%s","documentReference":"Samtycke 2026-402"}"""
                .formatted(PNR, GUARDIAN_PNR, today().minusDays(1), today().plusDays(90)));
        assertThat(consent.status()).as(consent.body()).isEqualTo(201);
        Response recorded = post(SOCIAL_WORKER, "/api/cases/" + caseId + "/coordination-meetings", """
                {"heldOn":"%s","actionPlanAgreed":true,"agreedText":"Skolnärvaro följs upp",
                 "participants":[{"role":"SOCIAL_SERVICES","organisation":"haninge-ungdom","userId":"%s"},
                                 {"role":"SCHOOL","organisation":"haninge-skola","userId":"%s"}],
                 "commitments":[{"participant":1,"commitmentType":"SCHOOL_ATTENDANCE_FOLLOW_UP","text":"Ringa hem vid frånvaro","dueOn":"%s"}]}"""
                .formatted(today(), SOCIAL_WORKER.id(), SCHOOL_COUNSELLOR.id(), dueOn));
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        UUID commitmentId = UUID.fromString(recorded.json().get("commitmentIds").get(0).asString());
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT count(*) FROM case_commitment WHERE commitment_id = ?")
                .param(commitmentId).query(Integer.class).single() == 1);
        return commitmentId;
    }
}
