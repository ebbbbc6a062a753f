package se.samverkan.cases.storedevents;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the event store's rows that fail their authenticity check ({@link StoredEventMacs}) are reported: one
 * {@code ALERT} log line per row (its position, sequence number and case id when it is one, never content: whoever
 * wrote it chose every byte), the counter {@code samverkan.event.store.forged{kind=event|snapshot}} once per row, and
 * the health component {@code eventStoreIntegrity}: DOWN while a forged event stands (met by this instance and not set
 * aside by the relay as {@code ForgedAtSource}, or set aside in {@code publish_dead_letter} and not resolved by an
 * operator; the runtime role cannot insert a dead letter already resolved, V35; a dead letter it wrote ahead for the
 * event under another error class keeps a met event DOWN until an operator resolves that row), WARN when only forged snapshots were
 * met since start (they are ignored: the case is folded from its events). Rows of {@code relayed_integration_event}
 * whose seal fails ({@link #relayedRow}) are alerted and counted here too ({@code kind=relayed}); the event at such a
 * row's position is the publication manifests' to set aside as not relayed, whose health says so.
 */
@Component("eventStoreIntegrity")
public class ForgedRows implements HealthIndicator {

    public static final Status WARN = new Status("WARN", "forged snapshots were met and ignored; see the ALERT lines");

    /** The error class of a forged event's dead-letter row (platform {@code PublishFailures.ForgedAtSource}). */
    static final String FORGED_AT_SOURCE = "ForgedAtSource";

    private static final Logger log = LoggerFactory.getLogger(ForgedRows.class);

    private final JdbcClient jdbc;
    private final Counter forgedEvents;
    private final Counter forgedSnapshots;
    private final Counter forgedRelayedRows;
    /** Rows already reported (a forged event is met on every read of its case and by every processor). */
    private final Cache<String, Boolean> reported = Caffeine.newBuilder().maximumSize(10_000).build();
    /** Dead-letter ids of the forged events this instance met; the health asks whether the relay set them aside. */
    private final Cache<UUID, Boolean> metEvents = Caffeine.newBuilder().maximumSize(1_000).build();
    private final AtomicLong snapshotsMet = new AtomicLong();

    public ForgedRows(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.forgedEvents = counter(meters, "event");
        this.forgedSnapshots = counter(meters, "snapshot");
        this.forgedRelayedRows = counter(meters, "relayed");
    }

    private static Counter counter(MeterRegistry meters, String kind) {
        return Counter.builder("samverkan.event.store.forged")
                .description("rows of the event store (and of the relay's relayed_integration_event, kind=relayed) that"
                        + " fail their authenticity check (written with the service's database credentials, not by the"
                        + " service), counted once per row and instance")
                .tag("kind", kind).register(meters);
    }

    public void event(long globalIndex, String aggregateIdentifier, long sequenceNumber, String eventIdentifier,
                      StoredEventMacs.Verdict verdict) {
        metEvents.put(ForgedStoredEvent.eventIdOf(eventIdentifier), true);
        if (reported.asMap().putIfAbsent("event:" + globalIndex, true) == null) {
            forgedEvents.increment();
            log.error("ALERT: the stored event at global index {} (sequence number {} of case {}) fails its authenticity"
                            + " check ({}): the service did not write it. It is not applied, not published and its case"
                            + " is not loaded; someone wrote it with the service's database credentials"
                            + " (docs/operations.md, \"Alert: SamverkanEventStoreForged\")", globalIndex, sequenceNumber,
                    caseIdOrNot(aggregateIdentifier), verdict);
        }
    }

    public void snapshot(String aggregateIdentifier, long sequenceNumber, StoredEventMacs.Verdict verdict) {
        if (reported.asMap().putIfAbsent("snapshot:" + aggregateIdentifier + ":" + sequenceNumber, true) == null) {
            forgedSnapshots.increment();
            snapshotsMet.incrementAndGet();
            log.error("ALERT: the stored snapshot at sequence number {} of case {} fails its authenticity check ({}): the"
                            + " service did not write it. It is ignored (the case is folded from its events); someone"
                            + " wrote it with the service's database credentials"
                            + " (docs/operations.md, \"Alert: SamverkanEventStoreForged\")", sequenceNumber,
                    caseIdOrNot(aggregateIdentifier), verdict);
        }
    }

    /**
     * A {@code relayed_integration_event} row whose seal fails ({@code publishing.RelayedEventSeals}): the relay did not
     * write it. It counts as no row, so the event stored at its position, if the relay would publish one, is found not
     * relayed, listed and set aside by the publication manifests ({@code NotRelayed}, which keeps the health
     * {@code caseEventsRelayed} DOWN). Alerted here once per row: its position only (the forger chose its ids).
     */
    public void relayedRow(long globalIndex, StoredEventMacs.Verdict verdict) {
        if (reported.asMap().putIfAbsent("relayed:" + globalIndex, true) == null) {
            forgedRelayedRows.increment();
            log.error("ALERT: the row of relayed_integration_event at global index {} fails its seal check ({}): the"
                            + " integration relay did not write it. It is ignored: the event stored there counts as not"
                            + " relayed; someone wrote it with the service's database credentials"
                            + " (docs/operations.md, \"Alert: SamverkanEventStoreForged\")", globalIndex, verdict);
        }
    }

    private static Object caseIdOrNot(String aggregateIdentifier) {
        return ForgedStoredEvent.uuid(aggregateIdentifier).<Object>map(id -> id).orElse("<not a case id>");
    }

    @Override
    public Health health() {
        String[] met = metEvents.asMap().keySet().stream().map(UUID::toString).toArray(String[]::new);
        record Standing(long unresolved, long notSetAside) {
        }
        Standing standing = jdbc.sql("""
                        SELECT (SELECT count(*) FROM publish_dead_letter
                                WHERE stream = 'CASE_EVENTS' AND error_class = ? AND resolved_at IS NULL),
                               (SELECT count(*) FROM unnest(?::uuid[]) AS met(id)
                                WHERE NOT EXISTS (SELECT 1 FROM publish_dead_letter d
                                                  WHERE d.stream = 'CASE_EVENTS' AND d.event_id = met.id
                                                    AND (d.error_class = ? OR d.resolved_at IS NOT NULL)))""")
                .params(FORGED_AT_SOURCE, met, FORGED_AT_SOURCE)
                .query((rs, n) -> new Standing(rs.getLong(1), rs.getLong(2)))
                .single();
        Health.Builder health = standing.unresolved() + standing.notSetAside() > 0 ? Health.down()
                : snapshotsMet.get() > 0 ? Health.status(WARN) : Health.up();
        return health.withDetail("forgedEventsUnresolved", standing.unresolved())
                .withDetail("forgedEventsNotYetSetAside", standing.notSetAside())
                .withDetail("forgedSnapshotsIgnoredSinceStart", snapshotsMet.get())
                .build();
    }
}
