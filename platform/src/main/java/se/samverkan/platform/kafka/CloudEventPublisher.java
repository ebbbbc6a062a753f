package se.samverkan.platform.kafka;

import io.micrometer.tracing.Span;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.EventTypes;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.platform.observability.EventTracing;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Sends CloudEvents in structured mode to the topic their type belongs to, keyed by subject so a case's
 * events stay in order on one partition, each signed with the service's own key ({@link EventSigner}): consumers
 * act only on what verifies, so a client that can write to a topic still cannot speak for this service. The trace that
 * caused the event goes along in the record's {@code traceparent} header, outside the signed bytes ({@link EventTracing}).
 */
public class CloudEventPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final EventSigner signer;
    private final EventTracing tracing;

    public CloudEventPublisher(KafkaTemplate<String, byte[]> kafka, EventSigner signer) {
        this(kafka, signer, EventTracing.NONE);
    }

    public CloudEventPublisher(KafkaTemplate<String, byte[]> kafka, EventSigner signer, EventTracing tracing) {
        this.kafka = kafka;
        this.signer = signer;
        this.tracing = tracing;
    }

    public CompletableFuture<SendResult<String, byte[]>> publish(CloudEvent event) {
        String topic = EventTypes.byType(event.type())
                .orElseThrow(() -> new IllegalArgumentException("unknown event type " + event.type()))
                .topic();
        return publish(topic, event);
    }

    public CompletableFuture<SendResult<String, byte[]>> publish(String topic, CloudEvent event) {
        return publish(topic, event, null);
    }

    /** @param traceparent the trace the event belongs to (stored with an outbox row); null: the current span's, if any */
    public CompletableFuture<SendResult<String, byte[]>> publish(String topic, CloudEvent event, String traceparent) {
        return publish(topic, event, traceparent, null);
    }

    /**
     * @param signedValue the record value as the service signed it when it wrote the event (an outbox row signed at
     *                    the source, verified by the outbox before it gets here): sent byte for byte, never signed
     *                    again; null: sign {@code event} now
     */
    public CompletableFuture<SendResult<String, byte[]>> publish(String topic, CloudEvent event, String traceparent,
                                                                 byte[] signedValue) {
        byte[] value = signedValue != null ? signedValue : signer.sign(event);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.subject(), value);
        record.headers().add(new RecordHeader("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)));
        Span span = tracing.producerSpan(traceparent, topic, event.type(), record.headers());
        CompletableFuture<SendResult<String, byte[]>> sent;
        try {
            sent = kafka.send(record);
        } catch (RuntimeException e) {
            end(span, e);
            throw e;
        }
        return span == null ? sent : sent.whenComplete((result, failure) -> end(span, failure));
    }

    private static void end(Span span, Throwable failure) {
        if (span == null) {
            return;
        }
        if (failure != null) {
            EventTracing.failed(span, failure);
        }
        span.end();
    }
}
