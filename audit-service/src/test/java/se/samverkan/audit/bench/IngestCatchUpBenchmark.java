package se.samverkan.audit.bench;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.samverkan.audit.it.AuditServiceITBase;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.Topics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Not a test (the name matches neither *Test nor *IT, so builds never run it): how fast audit-service takes in a
 * backlog of access events through Kafka, as it must after an outage or a lagging partition. Everything of the real
 * path runs: the listener's polls of 500, each record's producer signature checked, the review rules, the sequencer's
 * transactions, on the JVM's embedded PostgreSQL ({@code fsync=off}) and KRaft broker, with the scheduled jobs at their
 * production settings. The backlog is signed as case-service signs it and published while the listener is stopped
 * (untimed); the clock runs from the first entry appended to the last. Run:
 * <pre>./mvnw -B -ntp -q -pl audit-service test -Dtest=IngestCatchUpBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.backlog=100000</pre>
 */
class IngestCatchUpBenchmark extends AuditServiceITBase {

    private static final int BACKLOG = Integer.getInteger("bench.backlog", 100_000);
    private static final String ACCESS_TYPE = "se.samverkan.access.access-recorded.v1";

    /** The application's own settings, where the ITs' base makes the scheduled jobs run every few hundred ms. */
    @DynamicPropertySource
    static void asInProduction(DynamicPropertyRegistry registry) {
        registry.add("samverkan.audit.checkpoint-every", () -> "10s");
        registry.add("samverkan.audit.publish-every", () -> "1s");
        registry.add("samverkan.audit.leader-check-every", () -> "2s");
        registry.add("samverkan.audit.integrity.check-every", () -> "1s");
        registry.add("samverkan.audit.integrity.pass-within", () -> "1m");
        registry.add("samverkan.audit.reconciliation.every", () -> "1m");
        registry.add("samverkan.audit.reconciliation.grace", () -> "10m");
        registry.add("samverkan.kafka.max-retries", () -> "3");
    }

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void catchUp() throws Exception {
        MessageListenerContainer container = listeners.getListenerContainer("audit-log");
        await().atMost(Duration.ofSeconds(60)).until(container::isRunning); // this instance is the leader
        container.stop();
        long before = count();
        long lastLeaf = lastLeaf();

        String loadBefore = BenchWorkload.loadAverage();
        long publishStart = System.nanoTime();
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < BACKLOG; i++) {
            CloudEvent envelope = CASE_SERVICE.wrap(UUID.randomUUID(), Instant.now(), BenchWorkload.read(i));
            sent.add(kafka.send(new ProducerRecord<>(Topics.ACCESS_EVENTS, envelope.subject(), signed(envelope))));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        double publishSeconds = (System.nanoTime() - publishStart) / 1e9;

        container.start();
        // the leaf index only (the primary key), so that watching costs the database next to nothing
        AtomicLong firstSeen = new AtomicLong();
        AtomicLong atFirst = new AtomicLong();
        AtomicLong lastSeen = new AtomicLong();
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            long now = System.nanoTime();
            long appended = lastLeaf() - lastLeaf;
            if (firstSeen.get() == 0 && appended > 0) {
                firstSeen.set(now);
                atFirst.set(appended);
            }
            lastSeen.set(now);
            return appended >= BACKLOG;
        });
        double seconds = (lastSeen.get() - firstSeen.get()) / 1e9;
        assertThat(count() - before).as("one entry per event, nothing else appended meanwhile").isEqualTo(BACKLOG);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT event_id) FROM audit_entries WHERE event_type = ?", Long.class,
                ACCESS_TYPE) - before).isEqualTo(BACKLOG);
        long reviewItems = jdbc.queryForObject("SELECT count(*) FROM review_items", Long.class);

        System.out.printf("""

                ==== audit ingest catch-up benchmark (%,d access events backlog) ====
                load average (1, 5, 15 min) before: %s; after: %s; %d cores
                backlog signed as case-service signs and published (untimed): %.1f s
                ingest through Kafka: %,.0f entries/s  (%,d entries in %.1f s, from the first entry appended to the last; polls of up to 500 records, each signature verified, review rules, the sequencer)
                review items raised: %,d
                ===================================================
                """, BACKLOG, loadBefore, BenchWorkload.loadAverage(), Runtime.getRuntime().availableProcessors(), publishSeconds,
                (BACKLOG - atFirst.get()) / seconds, BACKLOG - atFirst.get(), seconds, reviewItems);
    }

    private long count() {
        return jdbc.queryForObject("SELECT count(*) FROM audit_entries WHERE event_type = ?", Long.class, ACCESS_TYPE);
    }

    private long lastLeaf() {
        return jdbc.queryForObject("SELECT coalesce(max(leaf_index), -1) FROM audit_entries", Long.class);
    }
}
