package se.samverkan.platform.test;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** A record no consumer can read, put on a topic, and the proof that a consumer group went on past it. */
public final class TestPoison {

    private TestPoison() {
    }

    /**
     * Puts a record that is no event on {@code topic} and waits until {@code group}'s consumer has dead-lettered it (the
     * alert counter rises) and gone on past it.
     */
    public static void awaitSetAsideCountedAndPassed(MeterRegistry meters, String group, String topic, Duration patience)
            throws Exception {
        double before = TestMeters.deadLetters(meters, topic, "MalformedEventException");
        RecordMetadata poison = send(topic, "poison-" + java.util.UUID.randomUUID());
        await().atMost(patience).until(() -> TestMeters.deadLetters(meters, topic, "MalformedEventException") > before);
        awaitConsumedPast(group, poison, patience);
    }

    public static RecordMetadata send(String topic, String key) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, key, "{poison".getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    /** The group's committed offset on the record's partition moved beyond it: the consumer did not stop there. */
    public static void awaitConsumedPast(String group, RecordMetadata record, Duration patience) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            await().atMost(patience).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(partition);
                return committed != null && committed.offset() > record.offset();
            });
        }
    }
}
