package se.samverkan.notification.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.signing.EventVerifier;
import se.samverkan.contracts.signing.ForgedEventException;

import java.util.List;

/**
 * Consumes the topics that can concern a person. Every record is verified first ({@link NotificationIngest}): one
 * whose producer cannot be proven, or that cannot be understood, throws MalformedEventException and the platform's
 * error handler dead-letters it to samverkan.dlt.notification-service at once; any other failure (e.g. the database
 * is down) is retried with back-off first.
 */
@Component
class IntegrationEventListener {

    static final String LISTENER_ID = "notification-ingest";

    private static final Logger log = LoggerFactory.getLogger(IntegrationEventListener.class);

    private final NotificationIngest ingest;

    IntegrationEventListener(NotificationIngest ingest, EventVerifier verifier) {
        this.ingest = ingest;
        ProducerTrust.requireTrustedProducers(consumedTopics(), verifier);
    }

    // idIsGroup = false: the consumer group is spring.kafka.consumer.group-id (notification-service), the group the
    // broker grants this service (infra/kafka/acls.txt) and that names its dead-letter topic, not the listener's id
    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = {Topics.CASE_EVENTS, Topics.ACCESS_EVENTS, Topics.AUDIT_EVENTS})
    void onEvent(ConsumerRecord<String, byte[]> record) {
        try {
            ingest.accept(record.topic(), record.value());
        } catch (ForgedEventException e) {
            // the reason and where the record lies; never its content (an attacker's text) nor the message quoting key ids
            log.warn("Refused a record whose producer could not be proven ({}) at {}-{}@{}; nothing notified, dead-lettering it",
                    e.reason(), record.topic(), record.partition(), record.offset());
            throw e;
        }
    }

    /** The topics of the listener above, read from its annotation so the start-up check cannot drift from it. */
    static List<String> consumedTopics() {
        try {
            return List.of(IntegrationEventListener.class.getDeclaredMethod("onEvent", ConsumerRecord.class)
                    .getAnnotation(KafkaListener.class).topics());
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
