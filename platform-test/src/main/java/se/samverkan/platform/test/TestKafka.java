package se.samverkan.platform.test;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;
import se.samverkan.contracts.Topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One real Kafka broker (KRaft) per test JVM, with the Samverkan topics created: embedded, or the official image when
 * {@link TestInfrastructureMode} says containers.
 */
public final class TestKafka {

    /** The topics made at start and the partitions of each, the same for the embedded broker and the image. */
    static final String[] TOPICS = {Topics.CASE_EVENTS, Topics.ACCESS_EVENTS, Topics.AUDIT_CHECKPOINTS,
            Topics.AUDIT_EVENTS, Topics.NOTIFICATION_EVENTS};
    static final int PARTITIONS = 3;

    /** The key of the records {@link #createTopic} writes to see the topic take writes; readers of the topic skip it. */
    public static final String READINESS_PROBE_KEY = "samverkan-test-topic-readiness-probe";

    private static EmbeddedKafkaKraftBroker broker;
    private static KafkaContainer container;

    private TestKafka() {
    }

    public static synchronized EmbeddedKafkaKraftBroker instance() {
        if (broker == null) {
            broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, TOPICS);
            broker.brokerProperties(Map.of("auto.create.topics.enable", "true", "num.partitions", String.valueOf(PARTITIONS)));
            broker.afterPropertiesSet();
            // no destroy() at exit: Kafka's own shutdown hook deletes the log dirs, and a broker shutting down at
            // the same time fails to write its checkpoints into them; the JVM's exit ends the broker anyway

        }
        return broker;
    }

    private static synchronized KafkaContainer container() {
        if (container == null) {
            container = TestContainers.kafka();
        }
        return container;
    }

    public static String bootstrapServers() {
        return TestInfrastructureMode.current() == TestInfrastructureMode.CONTAINERS
                ? container().getBootstrapServers()
                : instance().getBrokersAsString();
    }

    /**
     * Creates a topic of one test class's own and returns once every partition has taken a write. A topic the broker
     * creates on the first send is not enough for an idempotent producer: the first batch to a partition whose leader
     * was just elected can be written and yet answered NOT_LEADER_OR_FOLLOWER, and its retry is then refused as out of
     * sequence until the producer's delivery timeout (OutboxRelayIT failed so once in CI). The probes go through a
     * plain, non-idempotent producer, keyed {@link #READINESS_PROBE_KEY}.
     */
    public static void createTopic(String name) {
        Map<String, Object> client = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(name, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create test topic " + name, e);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create test topic " + name, e);
        }
        try (KafkaProducer<String, byte[]> probe = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(name, partition, READINESS_PROBE_KEY, new byte[0]);
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> probe.send(record).get(5, TimeUnit.SECONDS) != null);
            }
        }
    }
}
