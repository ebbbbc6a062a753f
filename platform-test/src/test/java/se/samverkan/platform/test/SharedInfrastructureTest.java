package se.samverkan.platform.test;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SharedInfrastructureTest {

    @Test
    void postgresServesOneDatabasePerService() throws Exception {
        String url = TestPostgres.database("smoke_service");
        try (Connection c = DriverManager.getConnection(url, TestPostgres.username(), TestPostgres.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT current_database(), current_setting('server_version_num')::int")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("smoke_service");
            assertThat(rs.getInt(2)).isGreaterThanOrEqualTo(180000);
        }
        assertThat(TestPostgres.database("smoke_service")).isEqualTo(url);
    }

    @Test
    void kafkaBrokerDeliversWhatWasSent() {
        String topic = "smoke-" + UUID.randomUUID();
        String value = UUID.randomUUID().toString();
        try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", value));
        }
        List<String> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "smoke", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.value());
                }
                return seen.contains(value);
            });
        }
    }

    @Test
    void identityProviderServesItsSigningKeyAsJwks() throws Exception {
        HttpResponse<String> jwks = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(TestIdentityProvider.instance().jwkSetUri())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.body()).contains("\"kty\":\"RSA\"").doesNotContain("\"d\":");
        assertThat(TestUser.SOCIAL_WORKER.token().split("\\.")).hasSize(3);
    }
}
