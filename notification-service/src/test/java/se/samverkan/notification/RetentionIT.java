package se.samverkan.notification;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.notification.inbox.InboxRetention;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RetentionIT extends NotificationServiceIT {

    @Autowired
    InboxRetention retention;

    @Test
    void itemsOlderThanTheRetentionPeriodGoWithTheirDeliveriesButUnsentMailStays() {
        Staff staff = newStaff();
        UUID oldCase = UUID.randomUUID();
        UUID recentCase = UUID.randomUUID();
        publish(opened(staff, oldCase));
        publish(opened(staff, recentCase));
        await().atMost(PATIENCE).until(() -> inbox(staff.socialWorker(), "").path("totalItems").asLong() == 2);
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM mail_deliveries WHERE recipient_user_id = ? AND status = 'SENT'")
                .param(staff.socialWorker().id()).query(Long.class).single() == 2);
        jdbc.sql("UPDATE notifications SET created_at = now() - interval '400 days' WHERE case_id = ?").param(oldCase).update();

        retention.removeExpired();

        assertThat(inbox(staff.socialWorker(), "?caseId=" + oldCase).path("items")).isEmpty();
        assertThat(inbox(staff.socialWorker(), "?caseId=" + recentCase).path("items")).hasSize(1);
        assertThat(jdbc.sql("SELECT count(*) FROM mail_deliveries WHERE recipient_user_id = ?").param(staff.socialWorker().id())
                .query(Long.class).single()).isEqualTo(1);

        // a mail still to send: a daily digest, kept a day off (a sent mail's record is never set back to PENDING, V8)
        assertThat(put("/api/preferences", staff.socialWorker(), "{\"mailKinds\":[\"CASE_OPENED\"],\"delivery\":\"DAILY_DIGEST\"}")
                .statusCode()).isEqualTo(200);
        UUID pendingCase = UUID.randomUUID();
        publish(opened(staff, pendingCase));
        await().atMost(PATIENCE).until(() -> inbox(staff.socialWorker(), "?caseId=" + pendingCase).path("totalItems").asLong() == 1);
        assertThat(jdbc.sql("""
                UPDATE mail_deliveries SET next_attempt_at = now() + interval '1 day'
                WHERE status = 'PENDING' AND notification_id IN (SELECT id FROM notifications WHERE case_id = ?)""").param(pendingCase)
                .update()).isEqualTo(1);
        jdbc.sql("UPDATE notifications SET created_at = now() - interval '400 days' WHERE case_id = ?").param(pendingCase).update();

        retention.removeExpired();

        assertThat(inbox(staff.socialWorker(), "?caseId=" + pendingCase).path("items")).as("mail still to send keeps its item").hasSize(1);
    }

    private static CaseOpened opened(Staff staff, UUID caseId) {
        return new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(staff.socialWorker().id()));
    }
}
