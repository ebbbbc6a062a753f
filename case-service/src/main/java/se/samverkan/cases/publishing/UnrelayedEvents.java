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
    private final PublishDeadLetters deadLetters;

    public UnrelayedEvents(JdbcClient jdbc, MeterRegistry meters, PublishDeadLetters deadLetters) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.deadLetters = deadLetters;
        this.counter = Counter.builder("samverkan.publish.not.relayed")
                .description("events of the store the integration relay's token moved past without handling them"
                        + " (listed in the publication manifests as published, so the audit log shows them missing)")
                .register(meters);
    }

    void report(long globalIndex, UUID eventId, String eventType, UUID caseId) {
        // a row there first is ours from an earlier report (nothing new), or one written ahead under another error class
        // with the runtime role's credentials for the event about to be skipped: that one must not silence the alert,
        // the counter or the health (alerted as such once by PublishDeadLetters, and counted here once)
        PublishDeadLetters.Written written = deadLetters.write(PublishDeadLetters.Stream.CASE_EVENTS, eventId, eventType,
                caseId == null ? null : caseId.toString(), null, NOT_RELAYED);
        if (!written.isNew()) {
            return;
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

    /**
     * DOWN while a {@code NotRelayed} dead letter is unresolved, or one this process found already there under another
     * error class when it reported the event ({@link PublishDeadLetters#maskedWhileWriting}).
     */
    @Override
    public Health health() {
        String[] maskedIds = deadLetters.maskedWhileWriting(PublishDeadLetters.Stream.CASE_EVENTS, NOT_RELAYED).stream()
                .map(UUID::toString).toArray(String[]::new);
        long unresolved = jdbc.sql("""
                        SELECT count(*) FROM publish_dead_letter
                        WHERE stream = 'CASE_EVENTS' AND resolved_at IS NULL
                          AND (error_class = ? OR event_id = ANY(?::uuid[]))""")
                .params(NOT_RELAYED, maskedIds).query(Long.class).single();
        return (unresolved == 0 ? Health.up() : Health.down()).withDetail("eventsNotRelayedUnresolved", unresolved).build();
    }
}
