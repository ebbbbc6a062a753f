package se.samverkan.platform.test;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import se.samverkan.contracts.Topics;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The containers behind {@code samverkan.test.infrastructure=containers} behave as the embedded ones the suite is
 * written against: the same PostgreSQL major version and settings, the same topics and partitions, an idempotent
 * producer's records arriving once. Skipped (not failed) where no Docker engine runs, as on CI.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerInfrastructureIT {

    private static PostgreSQLContainer postgres;
    private static KafkaContainer kafka;

    @BeforeAll
    static void start() {
        postgres = TestContainers.postgres();
        kafka = TestContainers.kafka();
    }

    @AfterAll
    static void stop() {
        kafka.stop();
        postgres.stop();
    }

    @Test
    void postgresImageMatchesTheEmbeddedServer() throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl(), "postgres", "postgres");
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT current_setting('server_version_num')::int, current_setting('max_connections')::int,"
                             + " current_setting('fsync')")) {
            rs.next();
            assertThat(rs.getInt(1) / 10000).isEqualTo(18);
            assertThat(rs.getInt(2)).isEqualTo(300);
            assertThat(rs.getString(3)).isEqualTo("off");
        }
    }

    @Test
    void aRuntimeRoleCannotDisableATriggerInTheImageEither() throws SQLException {
        // the audit log's protection rests on role rights, which must not differ between the two servers
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl(), "postgres", "postgres")) {
            c.createStatement().execute("CREATE TABLE guarded(id int); CREATE ROLE runtime_check LOGIN PASSWORD 'x';"
                    + " GRANT SELECT, INSERT ON guarded TO runtime_check");
        }
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl(), "runtime_check", "x")) {
            assertThatThrownBy(() -> c.createStatement().execute("ALTER TABLE guarded DISABLE TRIGGER ALL"))
                    .hasMessageContaining("must be owner");
        }
    }

    @Test
    void kafkaImageHasTheTopicsAndDeliversOnce() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers()))) {
            var described = admin.describeTopics(List.of(Topics.CASE_EVENTS, Topics.ACCESS_EVENTS)).allTopicNames().get();
            assertThat(described.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(3));
        }
        String value = UUID.randomUUID().toString();
        try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.getBootstrapServers(), ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.CASE_EVENTS, "case-1", value)).get();
        }
        List<String> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.getBootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "containers-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.CASE_EVENTS));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                return seen.contains(value);
            });
        }
        assertThat(seen).containsOnlyOnce(value);
    }
}
