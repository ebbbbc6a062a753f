package se.samverkan.platform.outbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.MalformedEventException;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.contracts.signing.EventVerifier;
import se.samverkan.platform.observability.OutboxBacklog;
import se.samverkan.signing.EventKeys;
import se.samverkan.signing.SignedEnvelope;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The SQL of {@link OutboxStore} for an outbox kept as a table of CloudEvents in the order they were written:
 * {@code position} (an identity), {@code event_id}, {@code cloud_event} (the event's bytes), {@code traceparent}, {@code published_at}
 * and {@code dead_lettered_at}, its pending rows under a partial index. case-service's access events and
 * notification-service's directory events are such tables; each service writes its rows in the transaction of what
 * they tell, and keeps what setting a record aside means beyond the mark (a dead-letter row, an alert).
 */
public final class OutboxTable {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    private final JdbcClient jdbc;
    private final String table;
    private final String topic;
    private final SignedAtSource signedAtSource;

    /**
     * An outbox whose rows are signed by the service when it writes them ({@code cloud_event} holds the signed record
     * value): the relay sends the stored bytes unchanged, after verifying them against the service's own keys (the
     * active one and those it publishes, so rows of the former key still go out after a rotation). An unsigned row
     * goes out (signed at send time) only when its position is in {@code legacyTable}, which a migration filled with
     * the rows pending when the service began to sign at the source and which the runtime role may only read.
     */
    public record SignedAtSource(Map<String, PublicKey> ownKeys, String legacyTable) {

        public SignedAtSource {
            ownKeys = Map.copyOf(ownKeys);
            if (!IDENTIFIER.matcher(legacyTable).matches()) {
                throw new IllegalArgumentException("a legacy table is a lower-case identifier: " + legacyTable);
            }
        }

        /** One verifier over the service's own keys, for a pass over many rows. */
        public EventVerifier verifier() {
            return new EventVerifier(ownKeys);
        }

        /**
         * What a signed row holds: the event, if its signature verifies against the service's own keys and its id is
         * the row's; otherwise why not (altered, another producer's, a genuine value copied into another row). The one
         * rule for the relay and for any other reader of the outbox, which must not take a forged row for an access
         * that happened.
         */
        public Checked check(EventVerifier verifier, String topic, byte[] value, String rowEventId) {
            CloudEvent event;
            try {
                event = verifier.verify(topic, value).event();
            } catch (MalformedEventException e) { // ForgedEventException too
                return new Checked(null, "stored record value does not verify against the service's own keys: "
                        + e.getClass().getSimpleName());
            }
            // a genuine signed value copied into a row of its own: the row's id is not the event's
            return event.id().equals(rowEventId) ? new Checked(event, null)
                    : new Checked(null, "a signed value stored under another event id than its own");
        }

        /** The event of a row the service signed, as {@link #check} finds it; empty for an unsigned or forged row. */
        public java.util.Optional<CloudEvent> genuine(EventVerifier verifier, String topic, byte[] value, String rowEventId) {
            if (value == null || SignedEnvelope.split(value).isEmpty()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.ofNullable(check(verifier, topic, value, rowEventId).event());
        }

        /** @param publishedKeys {@code samverkan.events.published-keys}: further keys of this service (may be blank) */
        public static SignedAtSource of(EventSigner signer, String publishedKeys, String legacyTable) {
            Map<String, PublicKey> keys = new LinkedHashMap<>();
            EventKeys.parsePublicKeys(publishedKeys).forEach((keyId, key) -> {
                if (EventKeys.serviceOf(keyId).equals(signer.producer().service())) {
                    keys.put(keyId, key);
                }
            });
            keys.put(signer.keyId(), signer.key().publicKey());
            return new SignedAtSource(keys, legacyTable);
        }
    }

    /** A signed row as {@link SignedAtSource#check} found it: its event, or why it is refused (exactly one is set). */
    public record Checked(CloudEvent event, String refusal) {
    }

    /**
     * What a claim of a signed-at-source outbox found: records to send, and rows that must never be sent (forged at the
     * source, {@link PublishFailures.ForgedAtSource}; or a legacy row that is no CloudEvent at all).
     */
    public record Claimed(List<OutgoingRecord<Long>> records, List<BatchPublisher.Refused<Long>> forged) {
    }

    public OutboxTable(JdbcClient jdbc, String table, String topic) {
        this(jdbc, table, topic, null);
    }

    /** @param signedAtSource null: rows hold unsigned events, signed at send time */
    public OutboxTable(JdbcClient jdbc, String table, String topic, SignedAtSource signedAtSource) {
        if (!IDENTIFIER.matcher(table).matches()) {
            // the name goes into the SQL as it is: a constant of the service, never input
            throw new IllegalArgumentException("an outbox table is a lower-case identifier: " + table);
        }
        this.jdbc = jdbc;
        this.table = table;
        this.topic = topic;
        this.signedAtSource = signedAtSource;
    }

    public boolean signedAtSource() {
        return signedAtSource != null;
    }

    /**
     * Up to {@code max} pending rows in order, locked for the caller's transaction, split into what may be sent and
     * what is forged at the source (see {@link SignedAtSource}); without signing at the source every row may be sent.
     */
    public Claimed claimVerified(int max) {
        if (signedAtSource == null) {
            return new Claimed(claim(max), List.of());
        }
        record Row(long position, byte[] value, String traceparent, boolean legacy, String eventId) {
        }
        List<Row> rows = jdbc.sql("SELECT o.position, o.cloud_event, o.traceparent, l.position IS NOT NULL, o.event_id::text FROM " + table
                        + " o LEFT JOIN " + signedAtSource.legacyTable() + " l ON l.position = o.position"
                        + " WHERE o.published_at IS NULL AND o.dead_lettered_at IS NULL ORDER BY o.position LIMIT ?"
                        + " FOR UPDATE OF o SKIP LOCKED")
                .param(max)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getBytes(2), rs.getString(3), rs.getBoolean(4), rs.getString(5)))
                .list();
        EventVerifier verifier = signedAtSource.verifier();
        List<OutgoingRecord<Long>> records = new ArrayList<>(rows.size());
        List<BatchPublisher.Refused<Long>> forged = new ArrayList<>();
        for (Row row : rows) {
            if (SignedEnvelope.split(row.value()).isPresent()) {
                Checked checked = signedAtSource.check(verifier, topic, row.value(), row.eventId());
                if (checked.event() != null) {
                    records.add(new OutgoingRecord<>(row.position(), topic, checked.event(), row.traceparent(), row.value()));
                } else {
                    forged.add(refused(row.position(), row.value(), row.traceparent(), checked.refusal()));
                }
            } else if (row.legacy()) {
                // written unsigned by the version before signing at the source, pending at the upgrade: signed now
                CloudEvent event;
                try {
                    event = CloudEventCodec.fromBytes(row.value());
                } catch (MalformedEventException e) {
                    // never sendable; set aside rather than stall every row behind it
                    forged.add(new BatchPublisher.Refused<>(refused(row.position(), row.value(), row.traceparent(), "").record(), e));
                    continue;
                }
                records.add(new OutgoingRecord<>(row.position(), topic, event, row.traceparent()));
            } else {
                forged.add(refused(row.position(), row.value(), row.traceparent(),
                        "unsigned row that was not pending at the upgrade to signing at the source"));
            }
        }
        return new Claimed(records, forged);
    }

    private BatchPublisher.Refused<Long> refused(long position, byte[] value, String traceparent, String why) {
        CloudEvent event;
        try {
            event = CloudEventCodec.fromBytes(value);
        } catch (MalformedEventException e) {
            // what the dead-letter row needs: an id of its own for the row, no content
            event = new CloudEvent(CloudEvent.SPEC_VERSION,
                    UUID.nameUUIDFromBytes((table + ":" + position).getBytes(StandardCharsets.UTF_8)).toString(),
                    URI.create("/unparseable"), "unparseable", null, null, null, null, null);
        }
        return new BatchPublisher.Refused<>(new OutgoingRecord<>(position, topic, event, traceparent),
                new PublishFailures.ForgedAtSource(why));
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
