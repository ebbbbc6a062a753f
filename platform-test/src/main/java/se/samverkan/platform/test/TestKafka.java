package se.samverkan.platform.test;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;
import se.samverkan.contracts.Topics;

import java.util.Map;

/**
 * One real Kafka broker (KRaft) per test JVM, with the Samverkan topics created: embedded, or the official image when
 * {@link TestInfrastructureMode} says containers.
 */
public final class TestKafka {

    /** The topics made at start and the partitions of each, the same for the embedded broker and the image. */
    static final String[] TOPICS = {Topics.CASE_EVENTS, Topics.ACCESS_EVENTS, Topics.AUDIT_CHECKPOINTS,
            Topics.AUDIT_EVENTS, Topics.NOTIFICATION_EVENTS};
    static final int PARTITIONS = 3;

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
}
