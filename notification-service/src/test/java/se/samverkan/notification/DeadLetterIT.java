package se.samverkan.notification;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.cases.CaseOpened;
import se.samverkan.contracts.cases.NoteRecorded;
import se.samverkan.platform.test.TestEventKeys;
import se.samverkan.platform.test.TestKafka;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeadLetterIT extends NotificationServiceIT {

    static final String DEAD_LETTERS = Topics.deadLetter("notification-service");

    @Test
    void recordsThatCannotBeUnderstoodGoToTheDeadLetterTopicAndTheRestFlowOn() throws Exception {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        String key = caseId.toString();
        // a CloudEvent of a known type whose data breaks its schema (no case ref, no team), signed by its producer: a
        // genuine producer's bug, not a forgery, and still dead-lettered
        CloudEvent broken = new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(), URI.create("/samverkan/case-service"),
                "se.samverkan.case.case-opened.v1", key, Instant.now(), "application/json", null,
                CloudEventCodec.mapper().readTree("{\"origin\":\"SOCIAL_SERVICES\",\"phase\":\"INTAKE\",\"caseRef\":\"Elsa 201003159124\"}"));
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.CASE_EVENTS, key, "{not json at all".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(Topics.CASE_EVENTS, key, TestEventKeys.signed(broken))).get();
        }
        // behind the poison on the same partition: it must still be processed
        publish(new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(staff.socialWorker().id())));

        await().atMost(PATIENCE).until(() -> inbox(staff.socialWorker(), "?caseId=" + caseId).path("totalItems").asLong() == 1);
        List<ConsumerRecord<String, byte[]>> deadLetters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(DEAD_LETTERS));
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        deadLetters.add(record);
                    }
                });
                return deadLetters.size() >= 2;
            });
        }
        assertThat(deadLetters).hasSize(2);
        assertThat(new String(deadLetters.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json at all");
        assertThat(CloudEventCodec.fromBytes(deadLetters.get(1).value()).id()).isEqualTo(broken.id());
        assertThat(deadLetters.get(1).headers().lastHeader("kafka_dlt-exception-fqcn")).isNotNull();
        String exceptions = new String(deadLetters.get(1).headers().lastHeader("kafka_dlt-exception-fqcn").value(), StandardCharsets.UTF_8)
                + " " + (deadLetters.get(1).headers().lastHeader("kafka_dlt-exception-cause-fqcn") == null ? ""
                : new String(deadLetters.get(1).headers().lastHeader("kafka_dlt-exception-cause-fqcn").value(), StandardCharsets.UTF_8));
        assertThat(exceptions).as("a schema violation of a genuine producer, not a forgery")
                .contains(se.samverkan.contracts.MalformedEventException.class.getName())
                .doesNotContain(se.samverkan.contracts.signing.ForgedEventException.class.getName());
        assertThat(jdbc.sql("SELECT count(*) FROM processed_events WHERE event_id = ?").param(UUID.fromString(broken.id()))
                .query(Long.class).single()).as("a dead-lettered event is not marked processed").isZero();
        // the failure's message and stack trace quote what the parser read (the value itself): the dead letter says only
        // which kind of failure set it aside; the record is there for whoever may read it, not copied into a header
        for (ConsumerRecord<String, byte[]> deadLetter : deadLetters) {
            assertThat(deadLetter.headers().lastHeader("kafka_dlt-exception-message")).isNull();
            assertThat(deadLetter.headers().lastHeader("kafka_dlt-exception-stacktrace")).isNull();
            deadLetter.headers().forEach(header -> assertThat(new String(header.value(), StandardCharsets.UTF_8))
                    .as(header.key()).doesNotContain("201003159124").doesNotContain("Elsa"));
        }
    }

    @Test
    void aPoisonRecordInTheMiddleOfAPollIsSetAsideAndTheRecordsAroundItAreAppliedOnce() throws Exception {
        Staff staff = newStaff();
        UUID before = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        String key = "poll-" + UUID.randomUUID();
        double alertsBefore = malformedDeadLetters();
        // one key, so one partition and one order: applied, poison, applied — sent together so they arrive in one poll
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.CASE_EVENTS, key, TestEventKeys.signed(wrap(opened(staff, before)))));
            producer.send(new ProducerRecord<>(Topics.CASE_EVENTS, key, "{poison".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(Topics.CASE_EVENTS, key, TestEventKeys.signed(wrap(opened(staff, after))))).get();
        }

        await().atMost(PATIENCE).until(() -> inbox(staff.socialWorker(), "?caseId=" + after).path("totalItems").asLong() == 1);
        assertThat(inbox(staff.socialWorker(), "?caseId=" + before).path("totalItems").asLong())
                .as("the record before the poison is applied exactly once, not again with the redelivered rest").isEqualTo(1);
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(DEAD_LETTERS));
            List<ConsumerRecord<String, byte[]>> deadLetters = new ArrayList<>();
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        deadLetters.add(record);
                    }
                });
                return !deadLetters.isEmpty();
            });
            assertThat(deadLetters).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly("{poison");
        }
        assertThat(malformedDeadLetters()).as("the alert counter rises").isGreaterThan(alertsBefore);
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private double malformedDeadLetters() {
        return se.samverkan.platform.test.TestMeters.deadLetters(meters, Topics.CASE_EVENTS, "MalformedEventException");
    }

    private static CaseOpened opened(Staff staff, UUID caseId) {
        return new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()), Instant.now(),
                CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(staff.socialWorker().id()));
    }

    @Test
    void eventTypesNobodyNeedsToHearAboutAreConsumedQuietly() {
        Staff staff = newStaff();
        UUID caseId = UUID.randomUUID();
        publish(new NoteRecorded(staff.caseRef(caseId, ProtectedIdentity.NONE),
                staff.actor(staff.socialWorker()), Instant.now(), UUID.randomUUID(), null));
        CloudEvent marker = publish(new CaseOpened(staff.caseRef(caseId, ProtectedIdentity.NONE), staff.actor(staff.socialWorker()),
                Instant.now(), CaseOrigin.SOCIAL_SERVICES, "INTAKE", List.of(staff.socialWorker().id())));

        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM processed_events WHERE event_id = ?")
                .param(UUID.fromString(marker.id())).query(Long.class).single() == 1);
        assertThat(inbox(staff.socialWorker(), "?caseId=" + caseId).path("items").valueStream()
                .map(i -> i.path("kind").asString())).containsExactly("CASE_OPENED");
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
    }
}
