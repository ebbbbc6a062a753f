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
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.platform.events.EventSigningProperties;
import se.samverkan.platform.kafka.CloudEventPublisher;
import se.samverkan.platform.observability.EventTracing;
import se.samverkan.platform.outbox.OutboxRelay;
import se.samverkan.platform.outbox.OutboxTable;
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
 * <p>
 * Each event is signed when it is written, with the service's event key (the one the publisher uses), and the row holds
 * the signed record value; the relay sends it byte for byte as stored after verifying it against the service's own
 * keys (the active key and the published ones: rows of the former key still go out after a rotation). The runtime role
 * must INSERT here, so a row someone wrote with the service's database credentials ("administrator X suspended user
 * Y") carries no valid signature: it is never sent, but set aside as forged at the source with an ALERT. So is an
 * unsigned row other than those pending at the upgrade (listed by V9 in {@code directory_event_outbox_legacy_unsigned},
 * signed at send time), and a genuine value copied into a row of another event id.
 */
@Component
public class DirectoryEventOutbox extends TableOutbox {

    private static final Logger log = LoggerFactory.getLogger(DirectoryEventOutbox.class);
    private static final String STREAM = "DIRECTORY_EVENTS";

    private final JdbcClient jdbc;
    private final EventTracing tracing;
    private final EventSigner signer;
    private final MeterRegistry meters;

    public DirectoryEventOutbox(JdbcClient jdbc, CloudEventPublisher publisher, TransactionTemplate transactions,
                                EventTracing tracing, MeterRegistry meters, EventSigner signer, EventSigningProperties signing,
                                @Value("${samverkan.directory.event-relay-interval:1s}") Duration interval) {
        super("directory-events", jdbc, "directory_event_outbox", Topics.NOTIFICATION_EVENTS,
                OutboxTable.SignedAtSource.of(signer, signing.publishedKeys(), "directory_event_outbox_legacy_unsigned"),
                publisher, transactions, new OutboxRelay.Settings(100, interval, Duration.ofSeconds(5)), meters);
        this.jdbc = jdbc;
        this.tracing = tracing;
        this.signer = signer;
        this.meters = meters;
        // the same series as case-service's publish dead letters (SamverkanPublishDeadLetters)
        Gauge.builder("samverkan.publish.dead.letters.unresolved", () -> jdbc.sql(
                        "SELECT count(*) FROM directory_event_outbox WHERE dead_lettered_at IS NOT NULL AND published_at IS NULL")
                        .query(Long.class).single())
                .tag("stream", STREAM)
                .description("records set aside because Kafka can never take them, not yet resolved").register(meters);
    }

    /** In the caller's transaction: the event, signed now, goes out once that commits, and never if it does not. */
    public void record(CloudEvent event) {
        jdbc.sql("INSERT INTO directory_event_outbox (event_id, cloud_event, traceparent) VALUES (?, ?, ?)")
                .params(UUID.fromString(event.id()), signer.sign(event), tracing.currentTraceparent().orElse(null))
                .update();
        nudgeAfterCommit();
    }

    /**
     * A row that is never sent: one Kafka can never take, or one the service did not write (forged at the source). Kept
     * in the table with the time it was set aside, counted for the alert, for an operator to resolve; the rest go on.
     */
    @Override
    public void setAside(OutgoingRecord<Long> record, Throwable failure) {
        String reason = PublishFailures.reason(failure);
        PublishFailures.count(meters, STREAM, reason);
        if (failure instanceof PublishFailures.ForgedAtSource) {
            // the event id is the one the stored bytes claim (the row's may differ); never the content
            log.error("ALERT directory event {} ({}) in directory_event_outbox row {} set aside, never sent: {} ({}). "
                            + "Someone wrote it with the service's database credentials", record.event().id(),
                    record.event().type(), record.handle(), reason, failure.getMessage());
        } else {
            log.error("ALERT directory event {} ({}) set aside: Kafka can never take it ({}); it stays in directory_event_outbox",
                    record.event().id(), record.event().type(), reason);
        }
        table.setAside(record);
    }
}
