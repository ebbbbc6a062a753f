package se.samverkan.cases.publishing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.platform.outbox.PublishFailures;

import java.util.List;
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

    /**
     * What became of a dead letter written for an event ({@link #write}). The runtime role may insert dead letters
     * (V35 keeps it from inserting one already resolved), so a row may be there before the service writes its own.
     */
    public enum Written {
        /** This call wrote the row. */
        INSERTED,
        /** A row under the same error class was there: the event was set aside for this reason before. */
        OURS_ALREADY,
        /**
         * A row under another error class was there first, met for the first time by this process: possibly written
         * ahead with the service's database credentials to hide this reason. Alerted once, here.
         */
        MASKED,
        /** That row again, met before by this process (and alerted then). */
        MASKED_BEFORE;

        /** Whether this is news: the caller's alert, counter and health are due. */
        public boolean isNew() {
            return this == INSERTED || this == MASKED;
        }
    }

    private final JdbcClient jdbc;
    private final MeterRegistry meters;
    /** A dead letter met under another error class than the one being written. */
    private record Masked(Stream stream, UUID eventId, String writing) {
    }

    /**
     * Dead letters met under another error class than the one being written: alerted once each, and read by health
     * indicators that must stay DOWN for them.
     */
    private final Cache<Masked, Boolean> masked = Caffeine.newBuilder().maximumSize(10_000).build();

    public PublishDeadLetters(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    /**
     * Sets the event aside (counter, log line, health WARN) under the reason its failure names; a row written ahead
     * under another error class passes for nothing ({@link #write}).
     */
    public void record(Stream stream, UUID eventId, String eventType, String caseId, Integer sizeBytes, Throwable failure) {
        String reason = PublishFailures.reason(failure);
        write(stream, eventId, eventType, caseId, sizeBytes, reason);
        PublishFailures.count(meters, stream.name(), reason);
        log.error("ALERT: {} event {} of type {} (case {}, {} bytes) can never be published ({}); set aside in "
                + "publish_dead_letter, later events go on", stream, eventId, eventType, caseId, sizeBytes, reason);
    }

    /**
     * Writes the event's dead letter under {@code errorClass} unless one is there already
     * ({@code ON CONFLICT DO NOTHING}), and says which: a row under another error class must not pass for this one, so
     * it is alerted (once per event and process) and remembered for {@link #maskedWhileWriting}; what else is due
     * (counting, the caller's own alert) is the caller's, by the answer.
     */
    public Written write(Stream stream, UUID eventId, String eventType, String caseId, Integer sizeBytes, String errorClass) {
        int inserted = jdbc.sql("""
                        INSERT INTO publish_dead_letter (stream, event_id, event_type, case_id, size_bytes, error_class)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (stream, event_id) DO NOTHING""")
                .params(stream.name(), eventId, eventType, caseId, sizeBytes, errorClass)
                .update();
        if (inserted > 0) {
            return Written.INSERTED;
        }
        String existing = jdbc.sql("SELECT error_class FROM publish_dead_letter WHERE stream = ? AND event_id = ?")
                .params(stream.name(), eventId).query(String.class).optional().orElse(errorClass);
        if (errorClass.equals(existing)) {
            return Written.OURS_ALREADY;
        }
        if (masked.asMap().putIfAbsent(new Masked(stream, eventId, errorClass), true) != null) {
            return Written.MASKED_BEFORE;
        }
        log.error("ALERT: {} event {} already had a dead letter under error class {} when it was set aside as {}; it may"
                + " have been written ahead with the service's database credentials to hide that. Reported as {} all"
                + " the same", stream, eventId, existing, errorClass, errorClass);
        return Written.MASKED;
    }

    /**
     * The events of {@code stream} whose dead letter this process found already there under another error class when
     * it wrote one under {@code errorClass}: a health that reads its own error class must count them too, until an
     * operator resolves their rows.
     */
    public List<UUID> maskedWhileWriting(Stream stream, String errorClass) {
        return masked.asMap().keySet().stream()
                .filter(m -> m.stream() == stream && m.writing().equals(errorClass))
                .map(Masked::eventId)
                .toList();
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
