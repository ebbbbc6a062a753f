package se.samverkan.notification;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.notification.directory.DirectoryUser;
import se.samverkan.platform.test.TestEventKeys;
import se.samverkan.platform.test.TestKafka;
import se.samverkan.platform.test.TestUser;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Poison records may carry personal data and mail failures quote addresses: none of it may reach the logs. */
@ExtendWith(OutputCaptureExtension.class)
class LogHygieneIT extends NotificationServiceIT {

    static final String PERSONNUMMER = "20100315-9124";
    static final String NAME = "Elsa Demosdotter";
    static final String ADDRESS = "Hemliga gatan 7";

    @org.springframework.beans.factory.annotation.Autowired
    javax.sql.DataSource dataSource;

    /** A refused row's values (a mail address, a name) stay out of the driver's messages, and so out of the logs. */
    @Test
    void aRefusedRowIsNotQuotedInTheErrorMessage() {
        String refusal = se.samverkan.platform.test.ServerErrorDetail.refusalQuoting(dataSource, NAME + " <elsa@example.org>");
        assertThat(refusal).contains("violates not-null constraint").doesNotContain("Elsa", "elsa@example.org");
    }

    @Test
    void personalDataInPoisonRecordsAndAddressesOfFailedMailStayOutOfTheLogs(CapturedOutput output) {
        String key = UUID.randomUUID().toString();
        List<byte[]> poison = List.of(
                (NAME + ", " + PERSONNUMMER + ", " + ADDRESS).getBytes(StandardCharsets.UTF_8),
                ("{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/x\",\"type\":\"se.samverkan.case.case-opened.v1\","
                        + "\"data\":{\"caseRef\":{\"caseId\":\"" + PERSONNUMMER + "\"},\"name\":\"" + NAME + "\",\"address\":\"" + ADDRESS + "\"}}")
                        .getBytes(StandardCharsets.UTF_8),
                ("{\"specversion\":\"1.0\",\"id\":\"" + PERSONNUMMER + "\",\"source\":\"/x\",\"type\":\"" + NAME + "\"}")
                        .getBytes(StandardCharsets.UTF_8),
                // signed by its producer, so it passes verification and breaks only the schema, with personal data in it
                TestEventKeys.signed(new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(),
                        URI.create("/samverkan/case-service"), "se.samverkan.case.case-opened.v1", key, Instant.now(),
                        "application/json", null, CloudEventCodec.mapper().readTree("{\"caseRef\":{\"caseId\":\"" + PERSONNUMMER
                                + "\"},\"name\":\"" + NAME + "\",\"address\":\"" + ADDRESS + "\"}"))),
                // a forgery (the signature of the genuine producer over other bytes) carrying the same
                forgedWithPersonalData(key));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (byte[] value : poison) {
                producer.send(new ProducerRecord<>(Topics.CASE_EVENTS, key, value)).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Staff staff = newStaff();
        TestUser broken = staff.colleague();
        String badAddress = "elsa.demosdotter@@" + UUID.randomUUID() + ".example";
        directory.upsert(new DirectoryUser(broken.id(), broken.username(), badAddress, broken.agency(), broken.municipality(),
                broken.unit(), List.of("social-worker"), true));
        UUID caseId = UUID.randomUUID();
        publish(new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(broken), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(broken.id())));

        awaitDeadLetters(key, poison.size());
        await().atMost(PATIENCE).until(() -> "FAILED".equals(inbox(broken, "?caseId=" + caseId).path("items").path(0)
                .path("mail").path("status").asString()));

        assertThat(output.getAll()).contains("Dead-lettering record").contains("could not be proven (UNSIGNED)")
                .contains("could not be proven (BAD_SIGNATURE)")
                .doesNotContain(PERSONNUMMER).doesNotContain(NAME).doesNotContain(ADDRESS).doesNotContain(badAddress);
    }

    private static byte[] forgedWithPersonalData(String key) {
        CloudEvent genuine = new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(), URI.create("/samverkan/case-service"),
                "se.samverkan.case.case-opened.v1", key, Instant.now(), "application/json", null,
                CloudEventCodec.mapper().readTree("{\"note\":\"" + "x".repeat(NAME.length()) + "\"}"));
        String signed = new String(TestEventKeys.signed(genuine), StandardCharsets.UTF_8);
        return signed.replace("x".repeat(NAME.length()), NAME).getBytes(StandardCharsets.UTF_8);
    }

    private static void awaitDeadLetters(String key, int expected) {
        Set<Long> offsets = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "log-hygiene-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.deadLetter("notification-service")));
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        offsets.add(record.offset());
                    }
                });
                return offsets.size() >= expected;
            });
        }
    }
}
