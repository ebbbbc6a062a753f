package se.samverkan.contracts;

import org.junit.jupiter.api.Test;
import se.samverkan.signing.EventProducer;
import se.samverkan.signing.EventTopics;

import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline verifier knows the contract types only from event-signing's {@link EventTopics} (plain data, no
 * records): it must list exactly the types {@link EventTypes} registers, each on the same topic, or the verifier and
 * the services would judge a producer differently.
 */
class EventTopicsAgreeWithEventTypesTest {

    @Test
    void the_table_the_verifier_reads_lists_every_contract_type_on_its_topic_and_nothing_else() {
        Map<String, String> registered = EventTypes.all().stream()
                .collect(Collectors.toMap(EventTypes.Entry::type, EventTypes.Entry::topic));

        assertThat(EventTopics.knownTypes()).containsExactlyInAnyOrderEntriesOf(registered);
    }

    @Test
    void every_type_is_produced_by_exactly_one_service_and_every_topic_has_a_producer() {
        for (EventTypes.Entry entry : EventTypes.all()) {
            assertThat(java.util.Arrays.stream(EventProducer.values()).filter(p -> p.mayProduce(entry.type(), entry.topic())))
                    .as(entry.type()).hasSize(1);
        }
        for (String topic : new String[]{Topics.CASE_EVENTS, Topics.ACCESS_EVENTS, Topics.AUDIT_EVENTS, Topics.AUDIT_CHECKPOINTS,
                Topics.NOTIFICATION_EVENTS}) {
            assertThat(EventTopics.namespaceOf(topic)).as(topic).isNotNull();
            assertThat(java.util.Arrays.stream(EventProducer.values()).filter(p -> p.topics().contains(topic))).as(topic).hasSize(1);
        }
    }
}
