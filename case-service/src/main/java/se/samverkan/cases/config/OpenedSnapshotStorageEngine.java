package se.samverkan.cases.config;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import se.samverkan.cases.domain.CaseSnapshot;
import se.samverkan.cases.privacy.DataKeyCache;
import se.samverkan.cases.storedevents.ForgedRows;
import se.samverkan.cases.storedevents.StoredEventMacs;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The JDBC event store with its MACs ({@link AuthenticEventStorageEngine}), except that a case's latest snapshot, once
 * opened, is kept in memory briefly and handed out again while it is still the latest one stored. Every command loads
 * its case from the latest snapshot, and opening it (reading every sealed note back, decrypting it, deserializing the
 * lot) grew with the case: about 31 ms of CPU and 1.8 MB read from the database per command at 5,000 notes (issue 12),
 * so writes to a long case slowed down note by note. Now a command asks the database only which snapshot is the latest (one indexed query) and reads its
 * bytes only when that snapshot is not the one kept; the events after it are read from the store as before, so
 * another instance's writes and snapshots are seen exactly as without the memory.
 * <p>
 * The kept snapshot holds personal data in clear, like the unwrapped keys of {@link DataKeyCache} and the kept files
 * of {@code CaseFiles}: it lives no longer than the keys do (their time-to-live, from when it was opened), and any
 * shred on this instance (the key cache's eviction stamp) makes every kept snapshot stale at once, so the next read
 * opens the stored one again under the keys that are left.
 */
class OpenedSnapshotStorageEngine extends AuthenticEventStorageEngine {

    private record Opened(long sequenceNumber, DomainEventMessage<CaseSnapshot> snapshot, long shredStamp) {
    }

    private final DataKeyCache keys;
    private final Cache<String, Opened> opened;

    OpenedSnapshotStorageEngine(Builder builder, StoredEventMacs macs, ForgedRows forged, LongSupplier legacyBoundary,
                                SnapshotFilter usedSnapshots, DataKeyCache keys, Duration timeToLive, long maximumCases) {
        super(builder, macs, forged, legacyBoundary, usedSnapshots);
        this.keys = keys;
        this.opened = Caffeine.newBuilder().expireAfterWrite(timeToLive).maximumSize(maximumCases).build();
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        long stamp = keys.stamp();
        Opened known = opened.getIfPresent(aggregateIdentifier);
        if (known != null && known.shredStamp() == stamp
                && latestSnapshotSequence(aggregateIdentifier).filter(latest -> latest == known.sequenceNumber()).isPresent()) {
            return Optional.of(known.snapshot());
        }
        Optional<DomainEventMessage<?>> read = super.readSnapshot(aggregateIdentifier);
        read.filter(message -> CaseSnapshot.class.equals(message.getPayloadType())).ifPresent(message -> {
            // opened here rather than lazily by the caller, so what is kept is the opened form
            DomainEventMessage<CaseSnapshot> snapshot = new GenericDomainEventMessage<>(message.getType(),
                    message.getAggregateIdentifier(), message.getSequenceNumber(), (CaseSnapshot) message.getPayload(),
                    message.getMetaData(), message.getIdentifier(), message.getTimestamp());
            // a shred that ran while the snapshot was opened leaves nothing behind (the stamp moved)
            if (keys.stamp() == stamp) {
                opened.put(aggregateIdentifier, new Opened(snapshot.getSequenceNumber(), snapshot, stamp));
            }
        });
        return read;
    }

    /**
     * Storing a snapshot deletes the older ones; the kept one is then simply not the latest any more. (A forged
     * snapshot above it, which the runtime role could insert, also makes it "not the latest": the stored one is then
     * opened on every load, the forged one dropped and alerted once, until an operator removes it.)
     */
    private Optional<Long> latestSnapshotSequence(String aggregateIdentifier) {
        EventSchema schema = schema();
        String sql = "SELECT MAX(" + schema.sequenceNumberColumn() + ") FROM " + schema.snapshotTable()
                + " WHERE " + schema.aggregateIdentifierColumn() + " = ?";
        return Optional.ofNullable(JdbcUtils.executeQuery(getConnection(), connection -> {
                    var statement = connection.prepareStatement(sql);
                    statement.setString(1, aggregateIdentifier);
                    return statement;
                }, resultSet -> resultSet.next() ? resultSet.getObject(1, Long.class) : null,
                e -> new EventStoreException("Could not read which snapshot of a case is the latest", e)));
    }
}
