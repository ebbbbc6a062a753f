package se.samverkan.platform.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.platform.kafka.CloudEventPublisher;
import se.samverkan.platform.observability.OutboxBacklog;

import java.time.Duration;
import java.util.List;

/**
 * An {@link OutboxTable} and the {@link OutboxRelay} that sends it, started and stopped with the application, its
 * backlog gauged under the relay's name ({@link OutboxBacklog}). A service writes its rows in the transaction of what
 * they tell, calls {@link #nudgeAfterCommit()} there, and says what setting a record aside means beyond the mark
 * ({@link #setAside}).
 */
public abstract class TableOutbox implements OutboxStore<Long>, SmartLifecycle {

    protected final OutboxTable table;
    private final OutboxRelay<Long> relay;

    protected TableOutbox(String name, JdbcClient jdbc, String tableName, String topic, CloudEventPublisher publisher,
                          TransactionTemplate transactions, OutboxRelay.Settings settings, MeterRegistry meters) {
        this(name, jdbc, tableName, topic, null, publisher, transactions, settings, meters);
    }

    /** @param signedAtSource how rows signed when written are verified before they are sent as stored; null: none */
    protected TableOutbox(String name, JdbcClient jdbc, String tableName, String topic,
                          OutboxTable.SignedAtSource signedAtSource, CloudEventPublisher publisher,
                          TransactionTemplate transactions, OutboxRelay.Settings settings, MeterRegistry meters) {
        this.table = new OutboxTable(jdbc, tableName, topic, signedAtSource);
        this.relay = new OutboxRelay<>(name, this, new BatchPublisher(publisher, Duration.ofSeconds(30)), transactions, settings,
                () -> true);
        OutboxBacklog.register(meters, name, table::backlog);
    }

    @Override
    public List<OutgoingRecord<Long>> claim(int max) {
        if (!table.signedAtSource()) {
            return table.claim(max);
        }
        // a row the service did not sign is never sent: set aside (dead letter, alert) in this same transaction
        OutboxTable.Claimed claimed = table.claimVerified(max);
        claimed.forged().forEach(forged -> setAside(forged.record(), forged.failure()));
        return claimed.records();
    }

    @Override
    public void sent(List<OutgoingRecord<Long>> records) {
        table.sent(records);
    }

    /** Called in the transaction that wrote a row: relay it as soon as that commits. */
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
