package se.samverkan.platform.kafka;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.EventTypes;
import se.samverkan.contracts.signing.EventSigner;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Sends CloudEvents in structured mode to the topic their type belongs to, keyed by subject so a case's
 * events stay in order on one partition, each signed with the service's own key ({@link EventSigner}): consumers
 * act only on what verifies, so a client that can write to a topic still cannot speak for this service.
 */
public class CloudEventPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final EventSigner signer;

    public CloudEventPublisher(KafkaTemplate<String, byte[]> kafka, EventSigner signer) {
        this.kafka = kafka;
        this.signer = signer;
    }

    public CompletableFuture<SendResult<String, byte[]>> publish(CloudEvent event) {
        String topic = EventTypes.byType(event.type())
                .orElseThrow(() -> new IllegalArgumentException("unknown event type " + event.type()))
                .topic();
        return publish(topic, event);
    }

    public CompletableFuture<SendResult<String, byte[]>> publish(String topic, CloudEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.subject(), signer.sign(event));
        record.headers().add(new RecordHeader("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)));
        return kafka.send(record);
    }
}
