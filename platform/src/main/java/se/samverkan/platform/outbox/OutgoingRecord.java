package se.samverkan.platform.outbox;

import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.EventTypes;

/**
 * One record of an outbox on its way to Kafka: the event (its id is the idempotent id consumers dedupe on), the topic,
 * and the outbox's own handle for it (a row position, an event-store position) to mark it afterwards.
 */
public record OutgoingRecord<H>(H handle, String topic, CloudEvent event) {

    /** To the topic the event's type belongs to. */
    public static <H> OutgoingRecord<H> of(H handle, CloudEvent event) {
        return new OutgoingRecord<>(handle, EventTypes.byType(event.type())
                .orElseThrow(() -> new IllegalArgumentException("unknown event type " + event.type())).topic(), event);
    }
}
