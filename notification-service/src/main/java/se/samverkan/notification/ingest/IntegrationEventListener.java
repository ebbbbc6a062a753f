package se.samverkan.notification.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Topics;

/**
 * Consumes the topics that can concern a person. A record that cannot be understood throws
 * MalformedEventException and the platform's error handler dead-letters it to samverkan.dlt.notification-service
 * at once; any other failure (e.g. the database is down) is retried with back-off first.
 */
@Component
class IntegrationEventListener {

    private final NotificationIngest ingest;

    IntegrationEventListener(NotificationIngest ingest) {
        this.ingest = ingest;
    }

    // idIsGroup = false: the consumer group is spring.kafka.consumer.group-id (notification-service), the group the
    // broker grants this service (infra/kafka/acls.txt) and that names its dead-letter topic, not the listener's id
    @KafkaListener(id = "notification-ingest", idIsGroup = false, topics = {Topics.CASE_EVENTS, Topics.ACCESS_EVENTS, Topics.AUDIT_EVENTS})
    void onEvent(ConsumerRecord<String, byte[]> record) {
        ingest.accept(CloudEventCodec.fromBytes(record.value()));
    }
}
