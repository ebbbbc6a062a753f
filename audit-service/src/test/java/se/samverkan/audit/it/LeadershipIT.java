package se.samverkan.audit.it;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.audit.log.AppendListener;
import se.samverkan.audit.log.AppendResult;
import se.samverkan.audit.log.AuditProperties;
import se.samverkan.audit.log.CheckpointSigner;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.LeaderLock;
import se.samverkan.audit.log.LogStore;
import se.samverkan.audit.log.LogUnavailableException;
import se.samverkan.audit.log.PendingEntry;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.platform.test.TestPostgres;
import se.samverkan.platform.test.TestUser;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Two sequencers on one database, as two audit-service instances would be: only the lock holder appends. */
class LeadershipIT extends AuditServiceITBase {

    @Autowired Sequencer sequencer;
    @Autowired LogStore store;
    @Autowired TransactionTemplate transactions;
    @Autowired List<AppendListener> listeners;
    @Autowired CheckpointSigner signer;
    @Autowired AuditProperties properties;
    @Autowired Clock clock;
    @Autowired KafkaListenerEndpointRegistry kafkaListeners;

    @Test
    void onlyTheLockHolderAppendsAndTheStandbyTakesOverWhenTheLeaderGoesOrLosesItsSession() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(sequencer::isLeader);
        Sequencer second = new Sequencer(store, transactions, listeners, signer, properties, clock,
                new LeaderLock(jdbcUrlWithoutUser(), "audit_service", "audit_service"), event -> { });
        try (Connection intruder = DriverManager.getConnection(TestPostgres.jdbcUrl(DB))) {
            second.start();
            assertThat(second.isLeader()).isFalse();
            assertThatThrownBy(() -> second.append(access())).isInstanceOf(LogUnavailableException.class).hasMessageContaining("standby");
            AppendResult first = sequencer.append(access());
            assertThat(readiness()).contains("LEADER");

            // the leader shuts down: the standby takes over and continues the tree where it ended
            sequencer.stop();
            await().atMost(Duration.ofSeconds(10)).until(second::isLeader);
            AppendResult byTheNewLeader = second.append(access());
            assertThat(byTheNewLeader.leafIndex()).isGreaterThan(first.leafIndex()).isEqualTo(store.size() - 1);

            // its lock session dies and someone else holds the lock: it must stop appending, not race the holder
            long terms = second.terms();
            int session = second.leaderLockBackendPid();
            try (PreparedStatement kill = intruder.prepareStatement("SELECT pg_terminate_backend(?)")) {
                kill.setInt(1, session);
                kill.execute();
            }
            try (PreparedStatement lock = intruder.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
                lock.setInt(1, LeaderLock.NAMESPACE);
                lock.setInt(2, LeaderLock.SEQUENCER);
                lock.execute();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !second.isLeader());
            assertThatThrownBy(() -> second.append(access())).isInstanceOf(LogUnavailableException.class);
            second.stop();

            // the first instance comes back while the lock is taken: it stands by, unready, consuming nothing
            sequencer.start();
            assertThat(sequencer.isLeader()).isFalse();
            assertThat(readiness()).contains("STANDBY");
            await().atMost(Duration.ofSeconds(20)).until(() -> !kafkaListeners.getListenerContainer("audit-log").isRunning());
            long sizeWhileStandingBy = store.size();
            CloudEvent meanwhile = send(accessEvent());

            // the lock comes free: it leads again, resumes consuming, and the event sent meanwhile gets in
            try (PreparedStatement unlock = intruder.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                unlock.setInt(1, LeaderLock.NAMESPACE);
                unlock.setInt(2, LeaderLock.SEQUENCER);
                unlock.execute();
            }
            await().atMost(Duration.ofSeconds(10)).until(sequencer::isLeader);
            await().atMost(Duration.ofSeconds(30)).until(() -> entriesWithEventId(meanwhile.id()) == 1);
            assertThat(store.size()).isGreaterThan(sizeWhileStandingBy);
            assertThat(readiness()).contains("LEADER");
            assertThat(terms).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT count(*) = max(leaf_index) + 1 FROM audit_entries", Boolean.class)).isTrue();
        } finally {
            second.stop();
            if (!sequencer.isRunning()) {
                sequencer.start();
            }
            await().atMost(Duration.ofSeconds(10)).until(sequencer::isLeader);
        }
    }

    private String readiness() {
        var response = get("/actuator/health/readiness", (String) null);
        assertThat(response.statusCode()).isIn(200, 503);
        return response.statusCode() + " " + response.body();
    }

    private static PendingEntry access() {
        return Entries.fromRecord(Topics.ACCESS_EVENTS, signed(CASE_SERVICE.wrap(UUID.randomUUID(), Instant.now(), accessEvent())));
    }

    private static AccessRecorded accessEvent() {
        return new AccessRecorded(ref(TestUser.SOCIAL_WORKER), UUID.randomUUID(), UUID.randomUUID(), null,
                se.samverkan.contracts.Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT, AccessAction.READ, "read-case",
                List.of("CASE_SUMMARY"), "case work", null, true, false, se.samverkan.contracts.ProtectedIdentity.NONE,
                AccessOutcome.ALLOWED, null, Instant.now());
    }
}
