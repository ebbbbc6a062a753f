package se.samverkan.cases.outbox;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import se.samverkan.platform.test.TestKafka;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.platform.kafka.CloudEventPublisher;
import se.samverkan.platform.outbox.BatchPublisher;
import se.samverkan.platform.outbox.OutboxRelay;
import se.samverkan.platform.outbox.OutgoingRecord;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 "publish in batches": the platform's one outbox relay against the real PostgreSQL and Kafka, on an outbox
 * table of its own (schema {@code outbox_test}) so the service's relays do not interfere. Before issue 12 each relay
 * sent one record and waited for it; these tests pin what the batch relay must keep: order per key, nothing skipped
 * when the broker is away, a record Kafka can never take set aside while the rest still go, and the same ids when a
 * batch is sent again after a crash between send and mark.
 */
class OutboxRelayIT extends IntegrationTest {

    /** A topic of these tests alone, so no other test reads the test records. */
    private static final String TOPIC = "samverkan.outbox-relay-test";
    private static final List<ConsumerRecord<String, byte[]>> RECEIVED = new CopyOnWriteArrayList<>();
    private static Thread collector;

    @Autowired
    CloudEventPublisher publisher;

    @Autowired
    EventSigner signer;

    @Autowired
    TransactionTemplate transactions;

    @BeforeAll
    static synchronized void collect() {
        if (collector != null) {
            return;
        }
        TestKafka.createTopic(TOPIC);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outbox-relay-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        consumer.subscribe(List.of(TOPIC));
        collector = Thread.ofPlatform().daemon().name("outbox-relay-it-collector").start(() -> {
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (!TestKafka.READINESS_PROBE_KEY.equals(record.key())) {
                        RECEIVED.add(record);
                    }
                }
            }
        });
    }

    private TestOutboxTable outbox;

    @BeforeEach
    void freshOutbox() {
        outbox = new TestOutboxTable(jdbc, TOPIC);
        outbox.createEmpty(superuser, RUNTIME_ROLE);
    }

    @Test
    void aBatchGoesOutWithOneWaitInOrderPerKey() {
        List<String> keys = List.of(key(), key(), key());
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add(insert(keys.get(i % 3), i, 200));
        }

        int handled = relay(outbox, publisher, 500).relayBatch();

        // all 300 in one batch: one publishAll, one wait for the broker, one transaction marking them
        assertThat(handled).isEqualTo(300);
        assertThat(unsent()).isZero();
        Map<String, List<UUID>> received = arrived(ids);
        for (String key : keys) {
            List<UUID> expected = ids.stream().filter(id -> keyOf(ids.indexOf(id), keys).equals(key)).toList();
            assertThat(received.get(key)).as("records of key %s in outbox order", key).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aBrokerThatIsDownMakesTheRelayRetryAndThenEveryRecordArrivesOnce() throws Exception {
        String key = key();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(insert(key, i, 100));
        }
        OutboxRelay<Long> down = relay(outbox, new CloudEventPublisher(unreachableBroker(), signer), 500);

        assertThat(down.relayPending()).isFalse();
        assertThat(unsent()).as("nothing marked while the broker is away").isEqualTo(5);

        assertThat(relay(outbox, publisher, 2).relayPending()).isTrue();

        assertThat(unsent()).isZero();
        Map<String, List<UUID>> received = arrived(ids);
        assertThat(received.get(key)).as("every record once, in order, no gap").containsExactlyElementsOf(ids);
    }

    @Test
    void aRecordKafkaCanNeverTakeIsSetAsideAndTheRecordsAfterItStillGo() {
        String key = key();
        UUID before = insert(key, 0, 100);
        UUID tooLarge = insert(key, 1, 1_300_000);
        UUID after = insert(key, 2, 100);

        assertThat(relay(outbox, publisher, 500).relayBatch()).isEqualTo(3);

        assertThat(outbox.setAside).containsExactly(tooLarge);
        assertThat(unsent()).isZero();
        Map<String, List<UUID>> received = arrived(List.of(before, after));
        assertThat(received.get(key)).containsExactly(before, after);
    }

    @Test
    void aCrashBetweenSendAndMarkSendsTheSameIdsAgain() {
        String key = key();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(insert(key, i, 100));
        }
        outbox.failMarkingTimes = 1;
        OutboxRelay<Long> relay = relay(outbox, publisher, 500);

        assertThat(relay.relayPending()).isFalse();
        assertThat(unsent()).as("the marks rolled back with the crash").isEqualTo(20);
        assertThat(relay.relayPending()).isTrue();

        assertThat(unsent()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> ofKey(key).size() == 40);
        List<UUID> received = ofKey(key).stream().map(r -> CloudEventCodec.fromBytes(r.value()).eventId()).toList();
        // each id twice (consumers drop the second), no new id: the ids are the outbox's, not made at send time
        assertThat(Set.copyOf(received)).isEqualTo(Set.copyOf(ids));
        assertThat(received.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting())).values())
                .allMatch(n -> n == 2);
        assertThat(received.subList(0, 20)).containsExactlyElementsOf(ids);
        assertThat(received.subList(20, 40)).containsExactlyElementsOf(ids);
    }

    private OutboxRelay<Long> relay(TestOutboxTable outbox, CloudEventPublisher via, int batchSize) {
        return new OutboxRelay<>("test", outbox, new BatchPublisher(via, Duration.ofSeconds(10)), transactions,
                new OutboxRelay.Settings(batchSize, Duration.ofMillis(100), Duration.ofSeconds(1)), () -> true);
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private static String keyOf(int index, List<String> keys) {
        return keys.get(index % keys.size());
    }

    private UUID insert(String key, int n, int padding) {
        return outbox.insert(signer.producer().source(), key, n, padding);
    }

    private long unsent() {
        return outbox.unsent();
    }

    private static List<ConsumerRecord<String, byte[]>> ofKey(String key) {
        return RECEIVED.stream().filter(r -> key.equals(r.key())).toList();
    }

    /** Waits until every id arrived, then answers the ids received per key, in arrival order. */
    private static Map<String, List<UUID>> arrived(List<UUID> ids) {
        Set<String> wanted = ids.stream().map(UUID::toString).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVED.stream()
                .map(r -> CloudEventCodec.fromBytes(r.value()).id()).filter(wanted::contains).count() >= wanted.size());
        return RECEIVED.stream()
                .map(r -> CloudEventCodec.fromBytes(r.value()))
                .filter(e -> wanted.contains(e.id()))
                .collect(Collectors.groupingBy(CloudEvent::subject, Collectors.mapping(CloudEvent::eventId, Collectors.toList())));
    }

    private static KafkaTemplate<String, byte[]> unreachableBroker() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 500,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 500,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1000)));
    }
}
