package se.samverkan.cases.config;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.cases.projection.CaseSummaryProjection;
import se.samverkan.cases.publishing.IntegrationEventRelay;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.platform.test.TestUser;

import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12: case-service stores its events and its processors' positions through Axon's JDBC engine on Flyway's
 * tables, without Hibernate (whose classes and code were about 50 MB of the service's memory).
 */
class JdbcEventStoreIT extends IntegrationTest {

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    TransactionManager axonTransactions;

    @Test
    void aCommandsEventsGetTheNextGlobalIndexesFromTheDatabaseInTheirOrder() {
        long before = jdbc.sql("SELECT coalesce(max(global_index), 0) FROM domain_event_entry").query(Long.class).single();

        UUID caseId = openCase(TestUser.SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE", TestUser.SOCIAL_WORKER.id());

        var stored = jdbc.sql("SELECT global_index, sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number")
                .param(caseId.toString())
                .query((row, n) -> new long[]{row.getLong(1), row.getLong(2)}).list();
        assertThat(stored).isNotEmpty();
        assertThat(stored.getFirst()[1]).isZero();
        for (int i = 0; i < stored.size(); i++) {
            assertThat(stored.get(i)[0]).as("global index of event %d", i).isGreaterThan(before);
            if (i > 0) {
                assertThat(stored.get(i)[0]).isGreaterThan(stored.get(i - 1)[0]);
            }
        }
        assertThat(storageEngine).isInstanceOf(OpenedSnapshotStorageEngine.class);
        // a command's events, its access event and its read models commit in one Spring transaction (WriteAccessIT)
        assertThat(axonTransactions).isInstanceOf(SpringTransactionManager.class);
    }

    @Test
    void theProcessorsPositionsAreKeptInTheDatabaseAndMoveWithTheEvents() {
        for (String group : new String[]{IntegrationEventRelay.PROCESSING_GROUP, CaseSummaryProjection.PROCESSING_GROUP}) {
            assertThat(processing.tokenStore(group)).as(group).isInstanceOf(JdbcTokenStore.class);
        }
        UUID caseId = openCase(TestUser.SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE", TestUser.SOCIAL_WORKER.id());
        long last = jdbc.sql("SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(caseId.toString()).query(Long.class).single();

        // the relay's stored token reaches the case's last event: a restart continues from there, not from the start
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String token = jdbc.sql("SELECT coalesce(convert_from(token, 'UTF8'), '') FROM token_entry WHERE processor_name = ? AND segment = 0")
                    .param(IntegrationEventRelay.PROCESSING_GROUP).query(String.class).single();
            Matcher index = Pattern.compile("\"index\":(\\d+)").matcher(token);
            assertThat(index.find()).as(token).isTrue();
            assertThat(Long.parseLong(index.group(1))).isGreaterThanOrEqualTo(last);
        });
    }

    @Test
    void hibernateIsNotOnTheClassPath() {
        assertThatThrownBy(() -> Class.forName("org.hibernate.Session")).isInstanceOf(ClassNotFoundException.class);
    }
}
