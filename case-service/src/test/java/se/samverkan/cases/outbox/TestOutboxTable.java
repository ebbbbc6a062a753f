package se.samverkan.cases.outbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.platform.outbox.OutboxStore;
import se.samverkan.platform.outbox.OutgoingRecord;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** An outbox table of the tests' own (schema {@code outbox_test}) and its mapping, as a service writes one. */
final class TestOutboxTable implements OutboxStore<Long> {

    static final String TYPE = "se.samverkan.access.access-recorded.v1";

    final List<UUID> setAside = new CopyOnWriteArrayList<>();
    int failMarkingTimes;

    private final JdbcClient jdbc;
    private final String topic;

    TestOutboxTable(JdbcClient jdbc, String topic) {
        this.jdbc = jdbc;
        this.topic = topic;
    }

    /** Made by {@code owner} (the test's superuser), used through {@link #jdbc} as the service's runtime role. */
    void createEmpty(JdbcClient owner, String runtimeRole) {
        owner.sql("CREATE SCHEMA IF NOT EXISTS outbox_test").update();
        owner.sql("""
                CREATE TABLE IF NOT EXISTS outbox_test.outbox (position bigserial PRIMARY KEY, cloud_event bytea NOT NULL,
                                                              sent_at timestamptz, set_aside_at timestamptz)""").update();
        owner.sql("GRANT USAGE ON SCHEMA outbox_test TO " + runtimeRole).update();
        owner.sql("GRANT SELECT, INSERT, UPDATE ON outbox_test.outbox TO " + runtimeRole).update();
        owner.sql("GRANT USAGE ON SEQUENCE outbox_test.outbox_position_seq TO " + runtimeRole).update();
        owner.sql("TRUNCATE outbox_test.outbox").update();
    }

    UUID insert(URI source, String key, int n, int padding) {
        UUID id = UUID.randomUUID();
        CloudEvent event = new CloudEvent(CloudEvent.SPEC_VERSION, id.toString(), source, TYPE, key, Instant.now(),
                "application/json", null, CloudEventCodec.toTree(Map.of("n", n, "pad", "x".repeat(padding))));
        jdbc.sql("INSERT INTO outbox_test.outbox (cloud_event) VALUES (?)").param(CloudEventCodec.toBytes(event)).update();
        return id;
    }

    long unsent() {
        return jdbc.sql("SELECT count(*) FROM outbox_test.outbox WHERE sent_at IS NULL AND set_aside_at IS NULL")
                .query(Long.class).single();
    }

    @Override
    public List<OutgoingRecord<Long>> claim(int max) {
        return jdbc.sql("""
                        SELECT position, cloud_event FROM outbox_test.outbox WHERE sent_at IS NULL AND set_aside_at IS NULL
                        ORDER BY position LIMIT ? FOR UPDATE SKIP LOCKED""")
                .param(max)
                .query((rs, n) -> new OutgoingRecord<>(rs.getLong(1), topic, CloudEventCodec.fromBytes(rs.getBytes(2))))
                .list();
    }

    @Override
    public void sent(List<OutgoingRecord<Long>> records) {
        jdbc.sql("UPDATE outbox_test.outbox SET sent_at = now() WHERE position = ANY(?)")
                .param(records.stream().map(OutgoingRecord::handle).toArray(Long[]::new)).update();
        if (failMarkingTimes-- > 0) {
            // the process dies after Kafka took the batch and before the marks commit
            throw new IllegalStateException("crash between send and mark");
        }
    }

    @Override
    public void setAside(OutgoingRecord<Long> record, Throwable failure) {
        setAside.add(record.event().eventId());
        jdbc.sql("UPDATE outbox_test.outbox SET set_aside_at = now() WHERE position = ?").param(record.handle()).update();
    }
}
