package se.samverkan.platform.test;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

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
