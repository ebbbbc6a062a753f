package se.samverkan.platform.test;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * The same PostgreSQL major version and Kafka line as the embedded ones, as the official images. The image names can
 * be overridden for a registry mirror ({@code samverkan.test.postgres-image}, {@code samverkan.test.kafka-image}).
 */
public final class TestContainers {

    static final String POSTGRES_IMAGE = System.getProperty("samverkan.test.postgres-image", "postgres:18-alpine");
    static final String KAFKA_IMAGE = System.getProperty("samverkan.test.kafka-image", "apache/kafka:4.2.1");

    private TestContainers() {
    }

    public static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static PostgreSQLContainer postgres() {
        requireDocker();
        PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withDatabaseName("postgres")
                .withUsername("postgres")
                .withPassword("postgres")
                .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off");
        container.start();
        return container;
    }

    static KafkaContainer kafka() {
        requireDocker();
        KafkaContainer container = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
                .withEnv("KAFKA_NUM_PARTITIONS", String.valueOf(TestKafka.PARTITIONS));
        container.start();
        createTopics(container.getBootstrapServers());
        return container;
    }

    /** The topics the embedded broker creates, with the same partition count. */
    static void createTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<NewTopic> topics = Stream.of(TestKafka.TOPICS).map(t -> new NewTopic(t, TestKafka.PARTITIONS, (short) 1)).toList();
            admin.createTopics(topics).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create the Samverkan topics in the Kafka container", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private static void requireDocker() {
        if (!dockerAvailable()) {
            throw new IllegalStateException(TestInfrastructureMode.PROPERTY + "=containers needs a Docker engine (or "
                    + "DOCKER_HOST pointing at a compatible socket); none was found. Run without it for the embedded "
                    + "PostgreSQL and Kafka.");
        }
    }
}
