package se.samverkan.notification.directory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Topics;
import se.samverkan.platform.kafka.CloudEventPublisher;
import se.samverkan.platform.observability.EventTracing;
import se.samverkan.platform.outbox.OutboxRelay;
import se.samverkan.platform.outbox.OutgoingRecord;
import se.samverkan.platform.outbox.PublishFailures;
import se.samverkan.platform.outbox.TableOutbox;

import java.time.Duration;
import java.util.UUID;

/**
 * The directory edits' events for the audit log: written by {@link #record} in the edit's own transaction, relayed by
 * the platform's {@link OutboxRelay} once it committed (SKIP LOCKED, so instances relay side by side; a crash between
 * send and mark sends the same event ids again, which the audit log drops). An edit is thereby in the log if and only
 * if it was made, the same rule as case-service's access events (issue 12).
 */
@Component
public class DirectoryEventOutbox extends TableOutbox {

    private static final Logger log = LoggerFactory.getLogger(DirectoryEventOutbox.class);

    private final JdbcClient jdbc;
    private final EventTracing tracing;

    public DirectoryEventOutbox(JdbcClient jdbc, CloudEventPublisher publisher, TransactionTemplate transactions,
                                EventTracing tracing, MeterRegistry meters,
                                @Value("${samverkan.directory.event-relay-interval:1s}") Duration interval) {
        super("directory-events", jdbc, "directory_event_outbox", Topics.NOTIFICATION_EVENTS, publisher, transactions,
                new OutboxRelay.Settings(100, interval, Duration.ofSeconds(5)), meters);
        this.jdbc = jdbc;
        this.tracing = tracing;
        // the same series as case-service's publish dead letters (SamverkanPublishDeadLetters)
        Gauge.builder("samverkan.publish.dead.letters.unresolved", () -> jdbc.sql(
                        "SELECT count(*) FROM directory_event_outbox WHERE dead_lettered_at IS NOT NULL AND published_at IS NULL")
                        .query(Long.class).single())
                .tag("stream", "DIRECTORY_EVENTS")
                .description("records set aside because Kafka can never take them, not yet resolved").register(meters);
    }

    /** In the caller's transaction: the event goes out once that commits, and never if it does not. */
    public void record(CloudEvent event) {
        jdbc.sql("INSERT INTO directory_event_outbox (event_id, cloud_event, traceparent) VALUES (?, ?, ?)")
                .params(UUID.fromString(event.id()), CloudEventCodec.toBytes(event), tracing.currentTraceparent().orElse(null))
                .update();
        nudgeAfterCommit();
    }

    /**
     * An event Kafka can never take: kept in the table with the time it was set aside, counted for the alert, for an
     * operator to resolve; the rest go on.
     */
    @Override
    public void setAside(OutgoingRecord<Long> record, Throwable failure) {
        log.error("ALERT directory event {} ({}) set aside: Kafka can never take it ({}); it stays in directory_event_outbox",
                record.event().id(), record.event().type(), PublishFailures.reason(failure));
        table.setAside(record);
    }
}
