package se.samverkan.cases.outbox;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.platform.kafka.CloudEventPublisher;
import se.samverkan.platform.outbox.BatchPublisher;
import se.samverkan.platform.outbox.OutboxRelay;
import se.samverkan.platform.test.TestKafka;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12's relay figure, not part of the suite (no *Test / *IT name): events/s relayed from 10,000 pending outbox
 * rows to the embedded Kafka, the way the relays worked before issue 12 (send one record, wait for its
 * acknowledgement, mark its row; 200 rows per transaction) and with the platform's batch relay. Run with
 * {@code ./mvnw -pl case-service -am verify -Dtest=none -Dit.test=OutboxRelayBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false} and read the lines "RELAY".
 */
class OutboxRelayBenchmark extends IntegrationTest {

    private static final int ROWS = 10_000;
    private static final String TOPIC = "samverkan.outbox-relay-benchmark";

    @Autowired
    CloudEventPublisher publisher;

    @Autowired
    EventSigner signer;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void relayTenThousandPendingRows() {
        TestKafka.createTopic(TOPIC);
        TestOutboxTable outbox = new TestOutboxTable(jdbc, TOPIC);

        fill(outbox);
        long started = System.nanoTime();
        Integer sent;
        do {
            sent = transactions.execute(status -> oneAtATime(outbox));
        } while (sent != null && sent > 0);
        report("one record, one wait (before issue 12)", started, outbox);

        for (int batchSize : List.of(100, 500, 1000)) {
            fill(outbox);
            started = System.nanoTime();
            OutboxRelay<Long> relay = new OutboxRelay<>("benchmark", outbox, new BatchPublisher(publisher, Duration.ofSeconds(30)),
                    transactions, new OutboxRelay.Settings(batchSize, Duration.ofMillis(200), Duration.ofSeconds(5)), () -> true);
            assertThat(relay.relayPending()).isTrue();
            report("batch of " + batchSize + ", one wait per batch (platform OutboxRelay)", started, outbox);
        }
    }

    /** The relays before issue 12, in essence: 200 rows per transaction, each sent and waited for, then marked. */
    private int oneAtATime(TestOutboxTable outbox) {
        var batch = outbox.claim(200);
        for (var record : batch) {
            try {
                publisher.publish(record.topic(), record.event()).get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            jdbc.sql("UPDATE outbox_test.outbox SET sent_at = now() WHERE position = ?").param(record.handle()).update();
        }
        return batch.size();
    }

    private void fill(TestOutboxTable outbox) {
        outbox.createEmpty(superuser, RUNTIME_ROLE);
        for (int i = 0; i < ROWS; i++) {
            // an access event is about 1 KB; keys spread over 100 cases
            outbox.insert(signer.producer().source(), new UUID(0, i % 100).toString(), i, 700);
        }
    }

    private static void report(String how, long started, TestOutboxTable outbox) {
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(outbox.unsent()).isZero();
        System.out.printf("RELAY %-62s %,d rows in %6.2f s = %,10.0f events/s%n", how, ROWS, seconds, ROWS / seconds);
    }
}
