package se.samverkan.cases.access;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.cases.publishing.PublishDeadLetters;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Topics;
import se.samverkan.platform.kafka.CloudEventPublisher;
import se.samverkan.platform.outbox.BatchPublisher;
import se.samverkan.platform.outbox.OutboxRelay;
import se.samverkan.platform.outbox.OutboxStore;
import se.samverkan.platform.outbox.OutgoingRecord;

import java.time.Duration;
import java.util.List;

/**
 * The access events' outbox: the table {@code access_outbox} and its mapping, relayed by the platform's
 * {@link OutboxRelay} in batches (one wait for the broker per batch). Rows are claimed with SKIP LOCKED, so several
 * instances can relay side by side; a crash between send and mark re-sends the same event ids, which consumers drop.
 * {@link AccessLog} wakes the relay when the access event's transaction commits.
 */
@Component
public class AccessOutbox implements OutboxStore<Long>, SmartLifecycle {

    private final JdbcClient jdbc;
    private final PublishDeadLetters deadLetters;
    private final OutboxRelay<Long> relay;

    public AccessOutbox(JdbcClient jdbc, CloudEventPublisher publisher, TransactionTemplate transactions,
                        PublishDeadLetters deadLetters,
                        @Value("${samverkan.cases.access-relay-interval:200ms}") Duration interval,
                        @Value("${samverkan.cases.access-relay-batch-size:500}") int batchSize) {
        this.jdbc = jdbc;
        this.deadLetters = deadLetters;
        this.relay = new OutboxRelay<>("access-events", this, new BatchPublisher(publisher, Duration.ofSeconds(30)),
                transactions, new OutboxRelay.Settings(batchSize, interval, Duration.ofSeconds(5)), () -> true);
    }

    @Override
    public List<OutgoingRecord<Long>> claim(int max) {
        return jdbc.sql("""
                        SELECT position, cloud_event, traceparent FROM access_outbox
                        WHERE published_at IS NULL AND dead_lettered_at IS NULL
                        ORDER BY position LIMIT ? FOR UPDATE SKIP LOCKED""")
                .param(max)
                .query((rs, n) -> new OutgoingRecord<>(rs.getLong(1), Topics.ACCESS_EVENTS,
                        CloudEventCodec.fromBytes(rs.getBytes(2)), rs.getString(3)))
                .list();
    }

    @Override
    public void sent(List<OutgoingRecord<Long>> records) {
        jdbc.sql("UPDATE access_outbox SET published_at = now() WHERE position = ANY(?)")
                .param(records.stream().map(OutgoingRecord::handle).toArray(Long[]::new))
                .update();
    }

    @Override
    public void setAside(OutgoingRecord<Long> record, Throwable failure) {
        // set aside with an alert; the rest of the outbox still goes out
        deadLetters.record(PublishDeadLetters.Stream.ACCESS_EVENTS, java.util.UUID.fromString(record.event().id()),
                record.event().type(), record.event().subject(), CloudEventCodec.toBytes(record.event()).length, failure);
        jdbc.sql("UPDATE access_outbox SET dead_lettered_at = now() WHERE position = ?").param(record.handle()).update();
    }

    /** Called in the transaction that wrote an access event: relay it as soon as that commits. */
    public void nudgeAfterCommit() {
        relay.nudgeAfterCommit();
    }

    /** Relays what is pending now, on the calling thread (tests, the benchmark). */
    public boolean relayPending() {
        return relay.relayPending();
    }

    @Override
    public void start() {
        relay.start();
    }

    @Override
    public void stop() {
        relay.stop();
    }

    @Override
    public boolean isRunning() {
        return relay.isRunning();
    }
}
