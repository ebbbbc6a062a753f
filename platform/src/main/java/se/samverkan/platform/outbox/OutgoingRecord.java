package se.samverkan.platform.outbox;

import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.EventTypes;

/**
 * One record of an outbox on its way to Kafka: the event (its id is the idempotent id consumers dedupe on), the topic,
 * the outbox's own handle for it (a row position, an event-store position) to mark it afterwards, and the W3C
 * traceparent of the request that caused it (null: none), which travels as a Kafka header outside the signed bytes.
 */
public record OutgoingRecord<H>(H handle, String topic, CloudEvent event, String traceparent) {

    public OutgoingRecord(H handle, String topic, CloudEvent event) {
        this(handle, topic, event, null);
    }

    public OutgoingRecord<H> withTraceparent(String traceparent) {
        return new OutgoingRecord<>(handle, topic, event, traceparent);
    }

    /** To the topic the event's type belongs to. */
    public static <H> OutgoingRecord<H> of(H handle, CloudEvent event) {
        return new OutgoingRecord<>(handle, EventTypes.byType(event.type())
                .orElseThrow(() -> new IllegalArgumentException("unknown event type " + event.type())).topic(), event);
    }
}
