package se.samverkan.audit.it;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import se.samverkan.audit.log.LogIntegrity;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.cases.CaseTeamChanged;
import se.samverkan.platform.test.TestReplay;
import se.samverkan.platform.test.TestUser;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12, faults: the log's consumer group reset to the beginning of every topic. Every record arrives again; none
 * becomes a second entry, a second review item or a fork of the tree.
 */
class ReplayIT extends AuditServiceITBase {

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    LogIntegrity integrity;

    @Test
    void offsetsResetToTheBeginningAppendNothingTwice() throws Exception {
        CloudEvent event = send(new CaseTeamChanged(caseRef(UUID.randomUUID(), UUID.randomUUID()), ref(TestUser.SUPERVISOR),
                Instant.now(), List.of(TestUser.SOCIAL_WORKER.id())));
        await().atMost(Duration.ofSeconds(60)).until(() -> entriesWithEventId(event.id()) == 1);
        Map<String, Long> before = rows();

        TestReplay.fromTheBeginning(listeners.getListenerContainer("audit-log"), "audit-service");

        assertThat(rows()).as("every table after the replay of every record read so far").isEqualTo(before);
        assertThat(entriesWithEventId(event.id())).isEqualTo(1);
        assertThat(integrity.check().getStatus().getCode()).isEqualTo("UP");
    }

    private Map<String, Long> rows() {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : List.of("audit_entries", "tree_nodes", "review_items", "review_item_occurrences", "revoked_referrals")) {
            rows.put(table, jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class));
        }
        return rows;
    }
}
