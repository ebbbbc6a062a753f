package se.samverkan.notification;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.platform.test.TestReplay;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 12, faults: the consumer group's offsets reset to the beginning; the replay of every topic creates nothing twice. */
class ReplayIT extends NotificationServiceIT {

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void offsetsResetToTheBeginningReplayEverythingAndDuplicateNothing() throws Exception {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        publish(new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(staff.socialWorker().id(), staff.colleague().id())));
        await().atMost(PATIENCE).until(() -> inbox(staff.colleague(), "?caseId=" + caseId).path("totalItems").asLong() == 1);
        Map<String, Long> before = rows();

        TestReplay.fromTheBeginning(listeners.getListenerContainer("notification-ingest"), "notification-service");

        assertThat(rows()).as("every table after the replay of every record read so far").isEqualTo(before);
        assertThat(inbox(staff.colleague(), "?caseId=" + caseId).path("totalItems").asLong()).isEqualTo(1);
    }

    private Map<String, Long> rows() {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : List.of("processed_events", "notifications", "unit_notifications", "mail_deliveries", "case_routes",
                "referral_routes")) {
            rows.put(table, jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single());
        }
        return rows;
    }
}
