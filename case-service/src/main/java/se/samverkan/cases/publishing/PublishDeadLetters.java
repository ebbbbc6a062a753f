package se.samverkan.cases.publishing;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.platform.outbox.PublishFailures;

import java.util.UUID;

/**
 * Records Kafka can never take, set aside so the relays move on (issue 10, item 7). Each one raises the counter
 * {@code samverkan.publish.dead.letters}, a log line with ids, type and error class only (no payload: it may hold
 * codes of a person's case), and turns the {@code publishDeadLetters} health indicator to WARN until resolved.
 */
@Component("publishDeadLetters")
public class PublishDeadLetters implements HealthIndicator {

    public static final Status WARN = new Status("WARN", "records were set aside unpublished; see publish_dead_letter");

    public enum Stream { CASE_EVENTS, ACCESS_EVENTS }

    private static final Logger log = LoggerFactory.getLogger(PublishDeadLetters.class);

    private final JdbcClient jdbc;
    private final MeterRegistry meters;
    /** Dead letters met under another error class than the one being recorded (alerted once each). */
    private final com.github.benmanes.caffeine.cache.Cache<String, String> masked =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000).build();

    public PublishDeadLetters(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    public void record(Stream stream, UUID eventId, String eventType, String caseId, Integer sizeBytes, Throwable failure) {
        String reason = PublishFailures.reason(failure);
        int inserted = jdbc.sql("""
                        INSERT INTO publish_dead_letter (stream, event_id, event_type, case_id, size_bytes, error_class)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (stream, event_id) DO NOTHING""")
                .params(stream.name(), eventId, eventType, caseId, sizeBytes, reason)
                .update();
        if (inserted == 0) {
            // a row written ahead under another error class (the runtime role may insert dead letters) must not pass
            // for this one: alerted and counted as this reason all the same, once per event and process
            String existing = jdbc.sql("SELECT error_class FROM publish_dead_letter WHERE stream = ? AND event_id = ?")
                    .params(stream.name(), eventId).query(String.class).optional().orElse(reason);
            if (!reason.equals(existing) && masked.asMap().putIfAbsent(stream + ":" + eventId, existing) == null) {
                log.error("ALERT: {} event {} already had a dead letter under error class {} when it was set aside as {};"
                        + " it may have been written ahead with the service's database credentials", stream, eventId,
                        existing, reason);
            }
        }
        PublishFailures.count(meters, stream.name(), reason);
        log.error("ALERT: {} event {} of type {} (case {}, {} bytes) can never be published ({}); set aside in "
                + "publish_dead_letter, later events go on", stream, eventId, eventType, caseId, sizeBytes, reason);
    }

    public long unresolved() {
        return jdbc.sql("SELECT count(*) FROM publish_dead_letter WHERE resolved_at IS NULL").query(Long.class).single();
    }

    @Override
    public Health health() {
        long unresolved = unresolved();
        return unresolved == 0 ? Health.up().build()
                : Health.status(WARN).withDetail("unresolvedDeadLetters", unresolved).build();
    }
}
