package se.samverkan.localstack.kafka;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.Topics;
import se.samverkan.localstack.StackSettings;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicListTest {

    @Test
    void the_shared_topic_list_has_every_topic_the_contracts_name() {
        TopicList topics = TopicList.read(StackSettings.findProjectRoot().resolve("infra/kafka/topics.txt"));

        assertThat(topics.names()).containsExactlyInAnyOrder(
                Topics.CASE_EVENTS, Topics.ACCESS_EVENTS, Topics.AUDIT_CHECKPOINTS, Topics.AUDIT_EVENTS,
                Topics.NOTIFICATION_EVENTS,
                // no service may create topics on the broker, so the dead-letter topics are created with the others
                Topics.deadLetter("audit-service"), Topics.deadLetter("notification-service"));
        assertThat(topics.topics()).allSatisfy(topic -> assertThat(topic.partitions()).isEqualTo(3));
    }

    @Test
    void comments_and_blank_lines_are_skipped_and_a_malformed_line_is_named() {
        assertThat(TopicList.parse(List.of("# header", "", "  a.topic   6  ")).topics())
                .containsExactly(new TopicList.Topic("a.topic", 6));

        assertThatThrownBy(() -> TopicList.parse(List.of("a.topic three")))
                .hasMessageContaining("a.topic three");
    }
}
