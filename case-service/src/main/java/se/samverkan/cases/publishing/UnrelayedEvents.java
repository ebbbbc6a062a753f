package se.samverkan.cases.publishing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.platform.outbox.PublishFailures;

import java.util.UUID;

/**
 * Events of the service's own store that the integration relay never handled although its token moved past them:
 * the runtime role may UPDATE {@code token_entry} (Axon's token store), so anyone with its password can move the
 * relay's token over events, and nothing would ever publish them. {@link PublicationManifests} finds them when it
 * numbers a range (it reads the store itself, not the token) and lists them anyway, so the audit log's reconciliation
 * shows each one missing; here each is reported once: set aside in {@code publish_dead_letter} with the error class
 * {@value #NOT_RELAYED} (the runtime role cannot insert a row already resolved, V35), one {@code ALERT} line with its
 * position, event id and case id (never content), the counter {@code samverkan.publish.not.relayed} (and
 * {@code samverkan.publish.dead.letters{reason=NotRelayed}}, which the dead-letter alert reads), and the health
 * component {@code caseEventsRelayed} DOWN until an operator has resolved the row (docs/operations.md, "Alert:
 * SamverkanPublishDeadLetters").
 */
@Component("caseEventsRelayed")
public class UnrelayedEvents implements HealthIndicator {

    /** The dead-letter row's error class. */
    public static final String NOT_RELAYED = "NotRelayed";

    private static final Logger log = LoggerFactory.getLogger(UnrelayedEvents.class);

    private final JdbcClient jdbc;
    private final Counter counter;
    private final MeterRegistry meters;
    /**
     * Events found not relayed whose dead letter was already there under another error class: the health stays DOWN
     * for each until an operator resolves that row (once per event id and process).
     */
    private final java.util.Set<UUID> masked = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public UnrelayedEvents(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.counter = Counter.builder("samverkan.publish.not.relayed")
                .description("events of the store the integration relay's token moved past without handling them"
                        + " (listed in the publication manifests as published, so the audit log shows them missing)")
                .register(meters);
    }

    void report(long globalIndex, UUID eventId, String eventType, UUID caseId) {
        int inserted = jdbc.sql("""
                        INSERT INTO publish_dead_letter (stream, event_id, event_type, case_id, error_class)
                        VALUES ('CASE_EVENTS', ?, ?, ?, ?) ON CONFLICT (stream, event_id) DO NOTHING""")
                .params(eventId, eventType, caseId == null ? null : caseId.toString(), NOT_RELAYED)
                .update();
        if (inserted == 0) {
            // a row was there first: ours from an earlier report (nothing new), or one written ahead under another error
            // class with the runtime role's credentials for the event about to be skipped; that one must not silence
            // the alert, the counter or the health
            String existing = jdbc.sql("SELECT error_class FROM publish_dead_letter WHERE stream = 'CASE_EVENTS' AND event_id = ?")
                    .param(eventId).query(String.class).optional().orElse(NOT_RELAYED);
            if (NOT_RELAYED.equals(existing) || !masked.add(eventId)) {
                return;
            }
            log.error("ALERT: the dead letter of event {} was already there under error class {} before it was found"
                    + " not relayed; it may have been written ahead with the service's database credentials to hide the"
                    + " skip. Reported as not relayed all the same", eventId, existing);
        }
        counter.increment();
        // the series the SamverkanPublishDeadLetters alert reads, so it pages without a rule of its own
        PublishFailures.count(meters, PublishDeadLetters.Stream.CASE_EVENTS.name(), NOT_RELAYED);
        log.error("ALERT: the stored event at global index {} (event {}, {}, case {}) was never handled by the"
                        + " integration relay although its token is past it: it was not published. Listed in the"
                        + " publication manifest all the same, so the audit log shows it missing; someone may have moved"
                        + " the relay's token with the service's database credentials (docs/operations.md, \"Alert:"
                        + " SamverkanPublishDeadLetters, NotRelayed\")", globalIndex, eventId, eventType, caseId);
    }

    @Override
    public Health health() {
        String[] maskedIds = masked.stream().map(UUID::toString).toArray(String[]::new);
        long unresolved = jdbc.sql("""
                        SELECT count(*) FROM publish_dead_letter
                        WHERE stream = 'CASE_EVENTS' AND resolved_at IS NULL
                          AND (error_class = ? OR event_id = ANY(?::uuid[]))""")
                .params(NOT_RELAYED, maskedIds).query(Long.class).single();
        return (unresolved == 0 ? Health.up() : Health.down()).withDetail("eventsNotRelayedUnresolved", unresolved).build();
    }
}
