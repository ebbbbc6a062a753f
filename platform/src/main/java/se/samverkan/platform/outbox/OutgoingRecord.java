package se.samverkan.platform.outbox;

import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.EventTypes;

/**
 * One record of an outbox on its way to Kafka: the event (its id is the idempotent id consumers dedupe on), the topic,
 * the outbox's own handle for it (a row position, an event-store position) to mark it afterwards, and the W3C
 * traceparent of the request that caused it (null: none), which travels as a Kafka header outside the signed bytes,
 * and the record value as the service signed it when it wrote the row ({@code signedValue}; null: signed at send
 * time). A pre-signed value is sent byte for byte as stored; {@code event} is what it says (verified by the outbox).
 */
public record OutgoingRecord<H>(H handle, String topic, CloudEvent event, String traceparent, byte[] signedValue) {

    public OutgoingRecord(H handle, String topic, CloudEvent event, String traceparent) {
        this(handle, topic, event, traceparent, null);
    }

    public OutgoingRecord(H handle, String topic, CloudEvent event) {
        this(handle, topic, event, null, null);
    }

    public OutgoingRecord<H> withTraceparent(String traceparent) {
        return new OutgoingRecord<>(handle, topic, event, traceparent, signedValue);
    }

    /** To the topic the event's type belongs to. */
    public static <H> OutgoingRecord<H> of(H handle, CloudEvent event) {
        return new OutgoingRecord<>(handle, EventTypes.byType(event.type())
                .orElseThrow(() -> new IllegalArgumentException("unknown event type " + event.type())).topic(), event);
    }
}
