package se.samverkan.notification;

import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.contracts.cases.ReportReceived;
import se.samverkan.contracts.cases.ReportStatusChanged;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15's notices with the real broker, database and SMTP server: a report that opened an intake reaches the
 * receiving unit (inbox and unit queue) naming the same-day safety assessment; one that joined a case reaches its
 * team; a change of a report's status reaches only the unit that sent it, with no case id, and by mail only as a nudge.
 */
class ReportNoticesIT extends NotificationServiceIT {

    @Test
    void aReportThatOpenedAnIntakeReachesTheReceivingUnitAndOneThatJoinedACaseItsTeam() {
        Staff staff = newStaff();
        UUID intake = UUID.randomUUID();
        publish(new ReportReceived(staff.caseRef(intake, ProtectedIdentity.NONE), staff.actor(staff.police()), Instant.now(),
                UUID.randomUUID(), Agency.POLICE, "POLICE", "0136", staff.policeUnit(), List.of("NARCOTICS"), false,
                null, null, LocalDate.now(), LocalDate.now().plusDays(14)));

        await().atMost(PATIENCE).until(() -> inbox(staff.colleague(), "?caseId=" + intake).path("totalItems").asLong() == 1);
        JsonNode item = inbox(staff.socialWorker(), "?caseId=" + intake).path("items").get(0);
        assertThat(item.path("kind").asString()).isEqualTo("REPORT_RECEIVED");
        assertThat(item.path("message").asString()).contains("safety assessment is due today (" + LocalDate.now() + ")");
        assertThat(inbox(staff.supervisor(), "?caseId=" + intake).path("totalItems").asLong()).isEqualTo(1);
        JsonNode queue = json(get("/api/inbox/unit", staff.socialWorker()).body());
        assertThat(queue.path("items").valueStream().map(i -> i.path("caseId").asString()).toList()).contains(intake.toString());

        UUID teamCase = UUID.randomUUID();
        publish(new CaseOpened(staff.caseRef(teamCase, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(staff.socialWorker().id())));
        publish(new ReportReceived(staff.caseRef(teamCase, ProtectedIdentity.NONE), staff.actor(staff.police()), Instant.now(),
                UUID.randomUUID(), Agency.POLICE, "POLICE", "0136", staff.policeUnit(), List.of("VIOLENCE"), true,
                null, null, LocalDate.now(), LocalDate.now().plusDays(14)));
        await().atMost(PATIENCE).until(() -> inbox(staff.socialWorker(), "?caseId=" + teamCase).path("items").valueStream()
                .anyMatch(i -> i.path("kind").asString().equals("REPORT_ATTACHED")));
        await().atMost(PATIENCE).until(() -> inbox(staff.supervisor(), "?caseId=" + teamCase).path("totalItems").asLong() == 1);
        assertThat(inbox(staff.colleague(), "?caseId=" + teamCase).path("totalItems").asLong())
                .as("the colleague is not on the team the report joined").isZero();
    }

    @Test
    void aReportsNewStatusReachesOnlyTheSendingUnitWithoutTheCaseAndItsMailIsANudge() throws Exception {
        Staff staff = newStaff();
        // the contract takes municipality codes only (four digits), so the reporters are of a real code in units of their own
        TestUser reporter = person("kurator", Role.CONCERN_REPORTER, Agency.MUNICIPALITY, "0136", "skola-" + staff.unit());
        TestUser otherSchool = person("kurator2", Role.CONCERN_REPORTER, Agency.MUNICIPALITY, "0136", "annan-skola-" + staff.unit());
        UUID caseId = UUID.randomUUID();
        UUID reportId = UUID.randomUUID();

        publish(new ReportStatusChanged(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                reportId, Agency.MUNICIPALITY, "0136", reporter.unit(), "INVESTIGATION_OPENED", LocalDate.now(),
                null, null, null));
        publish(new ReportStatusChanged(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                UUID.randomUUID(), Agency.POLICE, "0136", staff.policeUnit(), "FORWARDED", LocalDate.now(),
                "0127", "botkyrka-avhopp", "RESIDES_IN_OTHER_MUNICIPALITY"));

        await().atMost(PATIENCE).until(() -> inbox(reporter, "").path("totalItems").asLong() == 1);
        JsonNode item = inbox(reporter, "").path("items").get(0);
        assertThat(item.path("kind").asString()).isEqualTo("REPORT_STATUS_CHANGED");
        assertThat(item.path("caseId").isNull() || item.path("caseId").isMissingNode()).isTrue();
        assertThat(item.path("message").asString()).contains(reportId.toString(), "an investigation was opened");
        assertThat(item.toString()).doesNotContain(caseId.toString());
        assertThat(item.path("link").asString()).isEqualTo("/api/intake/reports/sent/" + reportId);

        await().atMost(PATIENCE).until(() -> inbox(staff.police(), "").path("totalItems").asLong() == 1);
        assertThat(inbox(staff.police(), "").path("items").get(0).path("message").asString())
                .contains("forwarded to unit botkyrka-avhopp of municipality 0127").doesNotContain(caseId.toString());
        assertThat(inbox(otherSchool, "").path("totalItems").asLong()).as("another school sent nothing").isZero();
        assertThat(inbox(staff.socialWorker(), "").path("totalItems").asLong()).isZero();

        await().atMost(PATIENCE).until(() -> mailsTo(reporter.email(), "").size() == 1);
        MimeMessage mail = mailsTo(reporter.email(), "").getFirst();
        assertThat(mail.getSubject()).isEqualTo("Samverkan: News about a report your unit sent");
        assertThat(GreenMailUtil.getBody(mail)).as("a nudge: no report id, no status, no link")
                .doesNotContain(reportId.toString(), "investigation", caseId.toString(), "/api/intake");
        assertThat(Arrays.stream(smtp.getReceivedMessages()).map(GreenMailUtil::getBody))
                .noneMatch(body -> body.contains(caseId.toString()));
    }
}
