package se.samverkan.platform.outbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.platform.observability.OutboxBacklog;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The SQL of {@link OutboxStore} for an outbox kept as a table of CloudEvents in the order they were written:
 * {@code position} (an identity), {@code cloud_event} (the event's bytes), {@code traceparent}, {@code published_at}
 * and {@code dead_lettered_at}, its pending rows under a partial index. case-service's access events and
 * notification-service's directory events are such tables; each service writes its rows in the transaction of what
 * they tell, and keeps what setting a record aside means beyond the mark (a dead-letter row, an alert).
 */
public final class OutboxTable {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    private final JdbcClient jdbc;
    private final String table;
    private final String topic;

    public OutboxTable(JdbcClient jdbc, String table, String topic) {
        if (!IDENTIFIER.matcher(table).matches()) {
            // the name goes into the SQL as it is: a constant of the service, never input
            throw new IllegalArgumentException("an outbox table is a lower-case identifier: " + table);
        }
        this.jdbc = jdbc;
        this.table = table;
        this.topic = topic;
    }

    /** Up to {@code max} pending rows in order, locked for the caller's transaction; other instances skip them. */
    public List<OutgoingRecord<Long>> claim(int max) {
        return jdbc.sql("SELECT position, cloud_event, traceparent FROM " + table
                        + " WHERE published_at IS NULL AND dead_lettered_at IS NULL ORDER BY position LIMIT ? FOR UPDATE SKIP LOCKED")
                .param(max)
                .query((rs, n) -> new OutgoingRecord<>(rs.getLong(1), topic, CloudEventCodec.fromBytes(rs.getBytes(2)), rs.getString(3)))
                .list();
    }

    public void sent(List<OutgoingRecord<Long>> records) {
        jdbc.sql("UPDATE " + table + " SET published_at = now() WHERE position = ANY(?)")
                .param(records.stream().map(OutgoingRecord::handle).toArray(Long[]::new))
                .update();
    }

    /** Never claimed again; the row stays for an operator. */
    public void setAside(OutgoingRecord<Long> record) {
        jdbc.sql("UPDATE " + table + " SET dead_lettered_at = now() WHERE position = ?").param(record.handle()).update();
    }

    /** How many rows wait for Kafka, and since when the oldest. */
    public OutboxBacklog.Snapshot backlog() {
        return jdbc.sql("SELECT count(*), min(created_at) FROM " + table + " WHERE published_at IS NULL AND dead_lettered_at IS NULL")
                .query((rs, n) -> new OutboxBacklog.Snapshot(rs.getLong(1),
                        rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()))
                .single();
    }
}
