package se.samverkan.platform.outbox;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.platform.kafka.CloudEventPublisher;
import se.samverkan.signing.EventKeys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay's own logic with Kafka's MockProducer (the real broker and PostgreSQL: case-service's {@code OutboxRelayIT}):
 * the wake-up after a commit, and how a batch's outcome is split between marked, set aside and retried.
 */
class OutboxRelayTest {

    private final MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final EventSigner signer = new EventSigner(EventKeys.parseSigningKey(EventKeys.generateSigningKey("case-service/test")));
    private final CloudEventPublisher publisher = new CloudEventPublisher(new KafkaTemplate<>(() -> producer), signer);
    private final ListStore store = new ListStore();
    private final TransactionTemplate transactions = new TransactionTemplate(new NoDatabase());
    private OutboxRelay<Integer> relay;

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.stop();
        }
    }

    @Test
    void aCommitWakesTheRelayLongBeforeItsPoll() {
        producer.close();
        MockProducer<String, byte[]> autoAck = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        relay = new OutboxRelay<>("test", store, new BatchPublisher(new CloudEventPublisher(new KafkaTemplate<>(() -> autoAck), signer),
                Duration.ofSeconds(5)), transactions, new OutboxRelay.Settings(100, Duration.ofHours(1), Duration.ofHours(1)), () -> true);
        relay.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> store.claims > 0);

        transactions.executeWithoutResult(status -> {
            store.add(event());
            relay.nudgeAfterCommit();
            // not before the commit: the row would not be visible to the relay's own transaction yet
            assertThat(store.sent).isEmpty();
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> store.sent.size() == 1);
    }

    @Test
    void aRecordKafkaCanNeverTakeIsSetAsideAndTheOthersAreMarked() throws InterruptedException {
        relay = relay();
        List<CloudEvent> events = List.of(event(), event(), event());
        events.forEach(store::add);

        Thread acks = Thread.ofVirtual().start(() -> {
            await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 3);
            producer.completeNext();
            producer.errorNext(new RecordTooLargeException("too large"));
            producer.completeNext();
        });
        int handled = relay.relayBatch();

        assertThat(handled).isEqualTo(3);
        assertThat(store.sent).containsExactly(0, 2);
        assertThat(store.setAside).containsExactly(1);
        // every send was answered by the broker stand-in (the relay did not give up on a timeout)
        assertThat(acks.join(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void aTransientFailureMarksNothingAndTheRelayTriesAgainLater() throws InterruptedException {
        relay = relay();
        store.add(event());
        store.add(event());

        Thread acks = Thread.ofVirtual().start(() -> {
            await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 2);
            producer.completeNext();
            producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker away"));
        });

        assertThat(relay.relayPending()).isFalse();
        assertThat(store.sent).isEmpty();
        assertThat(store.setAside).isEmpty();
        // every send was answered by the broker stand-in (the relay did not give up on a timeout)
        assertThat(acks.join(Duration.ofSeconds(5))).isTrue();
    }

    private OutboxRelay<Integer> relay() {
        return new OutboxRelay<>("test", store, new BatchPublisher(publisher, Duration.ofSeconds(10)), transactions,
                new OutboxRelay.Settings(100, Duration.ofMillis(100), Duration.ofSeconds(1)), () -> true);
    }

    private CloudEvent event() {
        return new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(), signer.producer().source(),
                "se.samverkan.access.access-recorded.v1", UUID.randomUUID().toString(), Instant.now(), "application/json", null,
                CloudEventCodec.toTree(Map.of("n", 1)));
    }

    /** An outbox in memory: index = position. */
    private static final class ListStore implements OutboxStore<Integer> {
        final List<CloudEvent> rows = new CopyOnWriteArrayList<>();
        final List<Integer> sent = new CopyOnWriteArrayList<>();
        final List<Integer> setAside = new CopyOnWriteArrayList<>();
        volatile int claims;

        void add(CloudEvent event) {
            rows.add(event);
        }

        @Override
        public List<OutgoingRecord<Integer>> claim(int max) {
            claims++;
            List<OutgoingRecord<Integer>> pending = new ArrayList<>();
            for (int i = 0; i < rows.size() && pending.size() < max; i++) {
                if (!sent.contains(i) && !setAside.contains(i)) {
                    pending.add(new OutgoingRecord<>(i, "samverkan.test", rows.get(i)));
                }
            }
            return pending;
        }

        @Override
        public void sent(List<OutgoingRecord<Integer>> records) {
            records.forEach(r -> sent.add(r.handle()));
        }

        @Override
        public void setAside(OutgoingRecord<Integer> record, Throwable failure) {
            setAside.add(record.handle());
        }
    }

    /** Transactions with synchronisation but no resource: enough to see afterCommit callbacks run. */
    private static final class NoDatabase extends AbstractPlatformTransactionManager {
        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
        }
    }
}
