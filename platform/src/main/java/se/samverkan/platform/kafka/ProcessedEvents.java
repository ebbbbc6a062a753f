package se.samverkan.platform.kafka;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.UUID;

/**
 * The idempotency ledger of a consumer: call {@link #firstDelivery} in the same transaction that applies the
 * event's effect, and apply it only when it returns true. Each service's Flyway schema owns the table:
 * <pre>
 * CREATE TABLE processed_events (
 *     consumer     text        NOT NULL,
 *     event_id     uuid        NOT NULL,
 *     processed_at timestamptz NOT NULL DEFAULT now(),
 *     PRIMARY KEY (consumer, event_id));
 * </pre>
 */
public class ProcessedEvents {

    private final JdbcClient jdbc;

    public ProcessedEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean firstDelivery(String consumer, UUID eventId) {
        return jdbc.sql("INSERT INTO processed_events (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(consumer, eventId)
                .update() == 1;
    }
}
