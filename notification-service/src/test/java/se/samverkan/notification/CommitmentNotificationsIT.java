package se.samverkan.notification;

import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.ReminderAudience;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.contracts.cases.CommitmentDueSoon;
import se.samverkan.contracts.cases.CommitmentMade;
import se.samverkan.contracts.cases.CommitmentOverdue;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15: a commitment's notices reach its owner in another organisation (a school counsellor) when case-service says
 * a consent lets them see it, as an inbox item and a mail that name the commitment and link to it, never the case; a
 * reminder for the team reaches the team; an owner the directory does not place in the organisation named is not told,
 * the team is instead.
 */
class CommitmentNotificationsIT extends NotificationServiceIT {

    @Test
    void theOwnerIsToldWithoutTheCaseAndTheTeamWhenTheOwnerMayNotBe() throws Exception {
        Staff staff = newStaff();
        String school = "skola-" + UUID.randomUUID().toString().substring(0, 8);
        TestUser counsellor = person("counsellor", Role.CONCERN_REPORTER, Agency.MUNICIPALITY, staff.municipality(), school);
        TestUser elsewhere = person("elsewhere", Role.CONCERN_REPORTER, Agency.MUNICIPALITY, staff.municipality(), "fritid-x");
        UUID caseId = UUID.randomUUID();
        UUID commitment = UUID.randomUUID();
        LocalDate due = LocalDate.now().plusDays(2);
        publish(new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(staff.socialWorker().id())));
        publish(new CommitmentMade(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()),
                Instant.now(), commitment, UUID.randomUUID(), UUID.randomUUID(), "SCHOOL", Agency.MUNICIPALITY, school,
                counsellor.id(), "SCHOOL_ATTENDANCE_FOLLOW_UP", due, true));
        publish(new CommitmentDueSoon(staff.caseRef(caseId, ProtectedIdentity.NONE), null, Instant.now(), commitment, due,
                ReminderAudience.OWNER, counsellor.id(), Agency.MUNICIPALITY, school));

        await().atMost(PATIENCE).until(() -> inbox(counsellor, "").path("totalItems").asLong() == 2);
        JsonNode items = inbox(counsellor, "").path("items");
        assertThat(items.valueStream().map(i -> i.path("kind").asString()).toList())
                .containsExactlyInAnyOrder("COMMITMENT_ASSIGNED", "COMMITMENT_DUE_SOON");
        assertThat(items).allSatisfy(item -> {
            assertThat(item.path("caseId").isMissingNode() || item.path("caseId").isNull()).isTrue();
            assertThat(item.path("link").asString()).isEqualTo("/api/commitments/" + commitment);
            assertThat(item.toString()).doesNotContain(caseId.toString(), staff.unit(), "SCHOOL_ATTENDANCE");
        });
        await().atMost(PATIENCE).until(() -> mailsTo(counsellor.email(), commitment.toString()).size() == 2);
        for (MimeMessage mail : mailsTo(counsellor.email(), commitment.toString())) {
            assertThat(GreenMailUtil.getBody(mail)).contains("/api/commitments/" + commitment).doesNotContain(caseId.toString(),
                    staff.unit(), "SCHOOL_ATTENDANCE");
        }
        assertThat(inbox(staff.socialWorker(), "?caseId=" + caseId).path("items").valueStream()
                .map(i -> i.path("kind").asString()).toList()).as("the owner was told; the team hears only of its case")
                .containsExactly("CASE_OPENED");

        // an owner the directory does not place in the organisation named is not told; the team is
        UUID other = UUID.randomUUID();
        publish(new CommitmentOverdue(staff.caseRef(caseId, ProtectedIdentity.NONE), null, Instant.now(), other, due,
                ReminderAudience.OWNER, elsewhere.id(), Agency.MUNICIPALITY, school));
        publish(new CommitmentOverdue(staff.caseRef(caseId, ProtectedIdentity.NONE), null, Instant.now(), commitment, due,
                ReminderAudience.CASE_TEAM, null, Agency.MUNICIPALITY, school));
        await().atMost(PATIENCE).until(() -> inbox(staff.socialWorker(), "?caseId=" + caseId).path("totalItems").asLong() == 3);
        assertThat(inbox(staff.socialWorker(), "?caseId=" + caseId).path("items").valueStream()
                .filter(i -> i.path("kind").asString().equals("COMMITMENT_OVERDUE")))
                .hasSize(2).allSatisfy(i -> assertThat(i.path("link").asString()).isEqualTo("/api/cases/" + caseId));
        assertThat(inbox(elsewhere, "").path("totalItems").asLong()).isZero();
        assertThat(inbox(counsellor, "").path("totalItems").asLong()).as("the team's notice is the team's").isEqualTo(2);
    }
}
