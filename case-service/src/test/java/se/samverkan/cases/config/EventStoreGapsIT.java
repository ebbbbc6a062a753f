package se.samverkan.cases.config;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.cases.domain.ActedBy;
import se.samverkan.cases.domain.CaseEvent.JointPoliceMeetingRecorded;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.publishing.IntegrationEventRelay;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.platform.test.TestPostgres;
import se.samverkan.platform.test.TestUser;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A command that takes a global index and does not commit (refused as a concurrency conflict, rolled back) leaves a
 * hole in the event store's index. The relay's position below the first hole bounds the publication manifests (issue
 * 16), so a hole holds them back: for the gap timeout, not until 250 holes or 10,000 newer events (Axon's defaults).
 * Giving a hole up is safe only because no command's transaction outlives it: PostgreSQL ends one at the command
 * transaction timeout.
 */
class EventStoreGapsIT extends IntegrationTest {

    @Autowired
    EventStore eventStore;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    CommandBus commandBus;
    @Autowired
    CommandGateway commands;
    @Autowired
    EventStoreProperties properties;
    @Autowired
    Serializer serializer;

    /** Two replicas that loaded the same version of a case both append the next event: the second is refused. */
    @Test
    void aRefusedAppendIsAConflictAndItsHoleHoldsTheManifestsBackOnlyForTheGapTimeout() {
        UUID before = openCase(TestUser.SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE", TestUser.SOCIAL_WORKER.id());
        long last = jdbc.sql("SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(before.toString()).query(Long.class).single();
        String storedId = jdbc.sql("SELECT event_identifier FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = ?")
                .param(before.toString()).param(last).query(String.class).single();
        long indexBefore = jdbc.sql("SELECT max(global_index) FROM domain_event_entry").query(Long.class).single();
        var late = new GenericDomainEventMessage<>("CaseAggregate", before.toString(), last,
                new JointPoliceMeetingRecorded(new CaseId(before), LocalDate.now(), ActedBy.of(TestUser.SOCIAL_WORKER.actor()), Instant.now()));

        // answered 409 concurrent-change (AxonProblems), not an event-store failure, and the stored event stays
        assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> eventStore.publish(late)))
                .isInstanceOf(ConcurrencyException.class);
        assertThat(jdbc.sql("SELECT event_identifier FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = ?")
                .param(before.toString()).param(last).query(String.class).list()).containsExactly(storedId);

        UUID after = openCase(TestUser.SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE", TestUser.SOCIAL_WORKER.id());
        long firstAfter = jdbc.sql("SELECT min(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(after.toString()).query(Long.class).single();

        List<Long> holes = jdbc.sql("""
                        SELECT i FROM generate_series(?::bigint, ?::bigint) AS i
                        WHERE NOT EXISTS (SELECT 1 FROM domain_event_entry WHERE global_index = i)""")
                .params(indexBefore + 1, firstAfter - 1).query(Long.class).list();
        assertThat(holes).as("the refused append took a global index and left it empty").isNotEmpty();
        long lastOfAfter = jdbc.sql("SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(after.toString()).query(Long.class).single();

        // while the hole is young, a command may still commit into it: nothing past it is listed
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("SELECT count(*) FROM relayed_integration_event WHERE case_id = ?")
                .param(after).query(Long.class).single() > 0);
        assertThat(manifestedUpTo()).as("manifested while the hole is young").isLessThan(holes.getFirst());

        // the hole expires a gap timeout after the event behind it: with no command since (a quiet hour), the
        // manifests list the case behind it all the same
        await().atMost(properties.gapTimeout().plusSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(manifestedUpTo()).as("the case-event manifests reach past the hole").isGreaterThanOrEqualTo(lastOfAfter));
        assertThat(jdbc.sql("SELECT count(*) FROM relayed_integration_event WHERE case_id = ?").param(after)
                .query(Long.class).single()).as("the case opened behind the hole was relayed and listed").isPositive();

        // and the relay gives the hole up at its next read (Axon would wait for 250 holes or 10,000 newer events)
        UUID next = openCase(TestUser.SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE", TestUser.SOCIAL_WORKER.id());
        long lastOfNext = jdbc.sql("SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(next.toString()).query(Long.class).single();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            GapAwareTrackingToken token = relayToken();
            assertThat(token.getIndex()).isGreaterThanOrEqualTo(lastOfNext);
            assertThat(token.getGaps()).as("the relay's stored token").doesNotContainAnyElementsOf(holes);
            assertThat(manifestedUpTo()).isGreaterThanOrEqualTo(lastOfNext);
        });
    }

    private long manifestedUpTo() {
        return jdbc.sql("SELECT coalesce(max(to_position), 0) FROM publication_manifest WHERE stream = 'CASE_EVENTS'")
                .query(Long.class).single();
    }

    private GapAwareTrackingToken relayToken() {
        record Stored(byte[] token, String type) {
        }
        Stored stored = jdbc.sql("SELECT token, token_type FROM token_entry WHERE processor_name = ? AND segment = 0")
                .param(IntegrationEventRelay.PROCESSING_GROUP)
                .query((rs, n) -> new Stored(rs.getBytes(1), rs.getString(2))).single();
        return serializer.deserialize(new SimpleSerializedObject<>(stored.token(), byte[].class, stored.type(), null));
    }

    /** What a stuck command would do: hold its transaction, and the global index it may have taken, past the timeout. */
    @Test
    void aCommandsTransactionCarriesTheTimeoutAndPostgresEndsItThereRollingItBack() {
        TestPostgres.execute("case_service", "CREATE TABLE IF NOT EXISTS command_timeout_probe (id uuid PRIMARY KEY); "
                + "GRANT SELECT, INSERT ON command_timeout_probe TO " + RUNTIME_ROLE);
        UUID written = UUID.randomUUID();
        Duration timeout = properties.commandTransactionTimeout();
        Registration setting = commandBus.subscribe("test.TransactionTimeoutSetting", command ->
                jdbc.sql("SELECT current_setting('transaction_timeout')").query(String.class).single());
        Registration stuck = commandBus.subscribe("test.StuckCommand", command -> {
            jdbc.sql("INSERT INTO command_timeout_probe (id) VALUES (?)").param(written).update();
            return jdbc.sql("SELECT pg_sleep(?)::text").param(timeout.toSeconds() + 10.0).query(String.class).single();
        });
        try {
            assertThat((Object) commands.sendAndWait(command("test.TransactionTimeoutSetting")))
                    .isEqualTo(timeout.toSeconds() + "s");
            assertThat(jdbc.sql("SELECT current_setting('transaction_timeout')").query(String.class).single())
                    .as("outside commands (processors, reads, Flyway) there is no such bound").isEqualTo("0");

            long started = System.nanoTime();
            assertThatThrownBy(() -> commands.sendAndWait(command("test.StuckCommand")))
                    .hasStackTraceContaining("transaction timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(timeout.plusSeconds(5));
            assertThat(jdbc.sql("SELECT count(*) FROM command_timeout_probe WHERE id = ?").param(written).query(Long.class).single())
                    .as("what the ended transaction wrote is gone").isZero();
            // the pool dropped the ended session: the next command works
            assertThat((Object) commands.sendAndWait(command("test.TransactionTimeoutSetting"))).isEqualTo(timeout.toSeconds() + "s");
        } finally {
            setting.cancel();
            stuck.cancel();
        }
    }

    private static CommandMessage<String> command(String name) {
        return new GenericCommandMessage<>(new GenericMessage<>("probe"), name);
    }
}
