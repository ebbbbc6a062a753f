package se.samverkan.platform.test;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * What an operator does to make a consumer read everything again ({@code kafka-consumer-groups --reset-offsets
 * --to-earliest}): stop the consumer, move its group's committed offsets to the beginning, start it, and wait until it
 * has caught up with the end of every partition it had read.
 */
public final class TestReplay {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private TestReplay() {
    }

    public static void fromTheBeginning(MessageListenerContainer container, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            awaitCaughtUp(admin, group);
            container.stop();
            await().atMost(PATIENCE).until(() -> !container.isRunning());
            Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, group);
            Map<TopicPartition, OffsetAndMetadata> beginning = committed.keySet().stream()
                    .collect(Collectors.toMap(p -> p, p -> new OffsetAndMetadata(0)));
            // the broker refuses while the stopped consumer is still a member of the group
            await().atMost(PATIENCE).ignoreExceptions().until(() -> {
                admin.alterConsumerGroupOffsets(group, beginning).all().get();
                return true;
            });
            if (committed(admin, group).values().stream().anyMatch(o -> o.offset() != 0)) {
                throw new IllegalStateException("the group's offsets were not reset");
            }
            container.start();
            // from offset 0 back to the end of every partition: everything was read (and committed) again
            awaitCaughtUp(admin, group);
        }
    }

    /**
     * Every partition of the container's topics read to its end and committed by the group, counting a partition the
     * group has not committed on yet as read to 0 (a first record still being retried there is not read): a snapshot
     * taken after this does not count a first reading of an earlier test's records as part of a replay.
     */
    public static void awaitCaughtUp(MessageListenerContainer container, String group) throws Exception {
        List<String> topics = Arrays.asList(container.getContainerProperties().getTopics());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            List<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(TestReplay::partitions).toList();
            await("group " + group + " has read every record on " + topics).atMost(PATIENCE).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())))
                        .all().get();
                return partitions.stream().allMatch(p -> {
                    OffsetAndMetadata read = committed.get(p);
                    return (read == null ? 0 : read.offset()) >= ends.get(p).offset();
                });
            });
        }
    }

    private static Stream<TopicPartition> partitions(TopicDescription topic) {
        return topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition()));
    }

    private static void awaitCaughtUp(Admin admin, String group) {
        await().atMost(PATIENCE).until(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, group);
            ListOffsetsResult ends = admin.listOffsets(committed.keySet().stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())));
            for (var entry : committed.entrySet()) {
                if (entry.getValue().offset() < ends.partitionResult(entry.getKey()).get().offset()) {
                    return false;
                }
            }
            return true;
        });
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
