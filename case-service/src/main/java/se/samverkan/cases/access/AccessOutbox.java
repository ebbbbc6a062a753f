package se.samverkan.cases.access;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.cases.publishing.PublishDeadLetters;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.platform.events.EventSigningProperties;
import se.samverkan.platform.kafka.CloudEventPublisher;
import se.samverkan.platform.outbox.OutboxRelay;
import se.samverkan.platform.outbox.OutboxTable;
import se.samverkan.platform.outbox.OutgoingRecord;
import se.samverkan.platform.outbox.TableOutbox;

import java.time.Duration;

/**
 * The access events' outbox: the table {@code access_outbox}, relayed by the platform's {@link OutboxRelay} in
 * batches (one wait for the broker per batch). Rows are claimed with SKIP LOCKED, so several instances can relay
 * side by side; a crash between send and mark re-sends the same event ids, which consumers drop. {@link AccessLog}
 * wakes the relay when the access event's transaction commits.
 * <p>
 * Rows are signed when written ({@link AccessLog}) and sent byte for byte as stored, after the relay verified them
 * against the service's own keys (the active key and the published ones: rows of the former key still go out after a
 * rotation). A row that does not verify, or an unsigned row other than those pending at the upgrade (recorded by
 * V34 in {@code access_outbox_legacy_unsigned}, signed at send time), is never sent: it is set aside as forged at the
 * source, with a dead-letter row and an ALERT.
 */
@Component
public class AccessOutbox extends TableOutbox {

    private final PublishDeadLetters deadLetters;

    public AccessOutbox(JdbcClient jdbc, CloudEventPublisher publisher, TransactionTemplate transactions,
                        PublishDeadLetters deadLetters, MeterRegistry meters, EventSigner signer,
                        EventSigningProperties signing,
                        @Value("${samverkan.cases.access-relay-interval:200ms}") Duration interval,
                        @Value("${samverkan.cases.access-relay-batch-size:500}") int batchSize) {
        super("access-events", jdbc, "access_outbox", Topics.ACCESS_EVENTS,
                signedAtSource(signer, signing),
                publisher, transactions,
                new OutboxRelay.Settings(batchSize, interval, Duration.ofSeconds(5)), meters);
        this.deadLetters = deadLetters;
    }

    /** The access outbox's own keys and its list of rows written unsigned before V34: for the relay and its other readers. */
    public static OutboxTable.SignedAtSource signedAtSource(EventSigner signer, EventSigningProperties signing) {
        return OutboxTable.SignedAtSource.of(signer, signing.publishedKeys(), "access_outbox_legacy_unsigned");
    }

    @Override
    public void setAside(OutgoingRecord<Long> record, Throwable failure) {
        // set aside with an alert; the rest of the outbox still goes out
        deadLetters.record(PublishDeadLetters.Stream.ACCESS_EVENTS, java.util.UUID.fromString(record.event().id()),
                record.event().type(), record.event().subject(), CloudEventCodec.toBytes(record.event()).length, failure);
        table.setAside(record);
    }
}
