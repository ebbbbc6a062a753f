package se.samverkan.localstack;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import se.samverkan.localstack.kafka.LocalKafka;
import se.samverkan.localstack.secrets.StackSecrets;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the end-to-end tests read off the stack's broker, with the launcher's admin login (no group, no offsets kept). */
final class StackTopics {

    private StackTopics() {
    }

    /** Every record value on the topic so far, from the beginning to the end it had when asked. */
    static List<byte[]> recordsOn(Stack stack, String topic) {
        StackSecrets secrets = StackSecrets.loadOrCreate(stack.settings());
        Map<String, Object> config = new HashMap<>(LocalKafka.clientSecurity(StackSecrets.KAFKA_ADMIN_USER, secrets.kafkaAdminPassword()));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.settings().kafkaBootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(20)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<byte[]> values = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("could not read " + topic + " to its end within 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }
}
