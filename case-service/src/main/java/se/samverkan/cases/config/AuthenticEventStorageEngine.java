package se.samverkan.cases.config;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import se.samverkan.cases.application.ForgedEventException;
import se.samverkan.cases.storedevents.ForgedRows;
import se.samverkan.cases.storedevents.ForgedStoredEvent;
import se.samverkan.cases.storedevents.StoredEventMacs;
import se.samverkan.cases.storedevents.StoredEventMacs.Kind;
import se.samverkan.cases.storedevents.StoredEventMacs.Verdict;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The JDBC event store, except that every event and snapshot it appends carries a MAC of the service
 * ({@link StoredEventMacs}, columns {@value #MAC_KEY_ID} and {@value #MAC}, V35) and every row it reads is checked
 * against it before anything uses it. The runtime database role may INSERT into both tables (the service appends), so
 * without this a row written with the service's credentials would be taken as the service's own history.
 * <p>
 * What a row that fails the check does, by path:
 * <ul>
 *     <li>loading a case (commands, the case view, snapshots, exports: {@link #getDomainEventData}): the case is not
 *     loaded, {@link ForgedEventException} (answered 503 {@code case-history-not-authentic});</li>
 *     <li>the processors reading by position ({@link #getTrackedEventData}): the row reaches them as a
 *     {@link ForgedStoredEvent} at its position and with none of its content, so the tokens move on, no projection
 *     applies it and the integration relay sets it aside instead of publishing it;</li>
 *     <li>a snapshot ({@link #getSnapshotData}): ignored, the case is folded from an older snapshot or its events.</li>
 * </ul>
 * Each is reported once per row ({@link ForgedRows}). Events without a MAC are accepted only at or below the boundary
 * V35 recorded (the events stored before MACs existed; an owner's trigger refuses any new row there, and any new row
 * without a MAC); snapshots without one are never used (a cache: the case is folded and snapshotted again).
 */
class AuthenticEventStorageEngine extends JdbcEventStorageEngine implements StoredEventsAt {

    static final String MAC_KEY_ID = "mac_key_id";
    static final String MAC = "mac";

    /** Axon's default {@code maxGapOffset} (this engine's builder does not change it). */
    private static final int MAX_GAP_OFFSET = 10_000;

    private final StoredEventMacs macs;
    private final ForgedRows forged;
    private final LongSupplier legacyBoundary;
    private final SnapshotFilter usedSnapshots;

    /**
     * @param legacyBoundary the highest global index of the events stored before MACs (read once, when a row without
     *                       a MAC is first met)
     * @param usedSnapshots  the snapshots the service would use: a forged one that it would not use anyway (an older
     *                       revision) is dropped without an alert
     */
    AuthenticEventStorageEngine(Builder builder, StoredEventMacs macs, ForgedRows forged, LongSupplier legacyBoundary,
                                SnapshotFilter usedSnapshots) {
        super(builder.appendEvents((connection, schema, dataType, events, serializer, timestamps) ->
                        appendEvents(macs, connection, schema, events, serializer))
                .appendSnapshot((connection, schema, dataType, snapshot, serializer, timestamps) ->
                        appendSnapshot(macs, connection, schema, snapshot, serializer)));
        this.macs = macs;
        this.forged = forged;
        this.legacyBoundary = legacyBoundary;
        this.usedSnapshots = usedSnapshots;
    }

    /** The columns every read selects: Axon's, then the MAC (the aggregate and tracked reads add the global index). */
    static String domainEventFields(EventSchema schema) {
        return String.join(", ", schema.eventIdentifierColumn(), schema.aggregateIdentifierColumn(),
                schema.sequenceNumberColumn(), schema.typeColumn(), schema.timestampColumn(), schema.payloadTypeColumn(),
                schema.payloadRevisionColumn(), schema.payloadColumn(), schema.metaDataColumn(), MAC_KEY_ID, MAC);
    }

    static String trackedEventFields(EventSchema schema) {
        return schema.globalIndexColumn() + ", " + domainEventFields(schema);
    }

    private static PreparedStatement appendEvents(StoredEventMacs macs, Connection connection, EventSchema schema,
                                                  List<? extends EventMessage<?>> events, Serializer serializer)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(insert(schema, schema.domainEventTable()));
        for (EventMessage<?> message : events) {
            bind(statement, macs, Kind.EVENT, asDomainEventMessage(message), serializer);
            statement.addBatch();
        }
        return statement;
    }

    private static PreparedStatement appendSnapshot(StoredEventMacs macs, Connection connection, EventSchema schema,
                                                    DomainEventMessage<?> snapshot, Serializer serializer)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(insert(schema, schema.snapshotTable()));
        bind(statement, macs, Kind.SNAPSHOT, snapshot, serializer);
        return statement;
    }

    private static String insert(EventSchema schema, String table) {
        return "INSERT INTO " + table + " (" + domainEventFields(schema) + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)";
    }

    /** As Axon's statements bind a row, with the timestamp text and the bytes the MAC is made over. */
    private static void bind(PreparedStatement statement, StoredEventMacs macs, Kind kind, DomainEventMessage<?> event,
                             Serializer serializer) throws SQLException {
        SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
        SerializedObject<byte[]> metaData = event.serializeMetaData(serializer, byte[].class);
        String timestamp = DateTimeUtils.formatInstant(event.getTimestamp());
        StoredEventMacs.Tag tag = macs.tag(new StoredEventMacs.Row(kind, event.getAggregateIdentifier(),
                event.getSequenceNumber(), event.getIdentifier(), event.getType(), timestamp,
                payload.getType().getName(), payload.getType().getRevision(), payload.getData(), metaData.getData()));
        statement.setString(1, event.getIdentifier());
        statement.setString(2, event.getAggregateIdentifier());
        statement.setLong(3, event.getSequenceNumber());
        statement.setString(4, event.getType());
        statement.setString(5, timestamp);
        statement.setString(6, payload.getType().getName());
        statement.setString(7, payload.getType().getRevision());
        statement.setBytes(8, payload.getData());
        statement.setBytes(9, metaData.getData());
        statement.setString(10, tag.keyId());
        statement.setBytes(11, tag.mac());
    }

    /** An event published outside an aggregate is stored under its own id at sequence number 0, as Axon does. */
    private static DomainEventMessage<?> asDomainEventMessage(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domainEvent ? domainEvent
                : new GenericDomainEventMessage<>(null, event.getIdentifier(), 0L, event.getPayload(),
                event.getMetaData(), event.getIdentifier(), event.getTimestamp());
    }

    @Override
    protected DomainEventData<?> getDomainEventData(ResultSet resultSet) throws SQLException {
        Verdict verdict = verifyEvent(resultSet);
        if (!verdict.accepted()) {
            long globalIndex = resultSet.getLong(schema().globalIndexColumn());
            String aggregate = resultSet.getString(schema().aggregateIdentifierColumn());
            long sequenceNumber = resultSet.getLong(schema().sequenceNumberColumn());
            forged.event(globalIndex, aggregate, sequenceNumber, resultSet.getString(schema().eventIdentifierColumn()), verdict);
            throw new ForgedEventException(ForgedStoredEvent.uuid(aggregate).orElse(null), globalIndex, sequenceNumber, verdict);
        }
        return super.getDomainEventData(resultSet);
    }

    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        Verdict verdict = verifyEvent(resultSet);
        if (verdict.accepted()) {
            return super.getTrackedEventData(resultSet, previousToken);
        }
        EventSchema schema = schema();
        long globalIndex = resultSet.getLong(schema.globalIndexColumn());
        String aggregate = resultSet.getString(schema.aggregateIdentifierColumn());
        long sequenceNumber = resultSet.getLong(schema.sequenceNumberColumn());
        String eventIdentifier = resultSet.getString(schema.eventIdentifierColumn());
        forged.event(globalIndex, aggregate, sequenceNumber, eventIdentifier, verdict);
        // the position as Axon would have advanced to it; a timestamp Axon cannot read (a forger's) must not stop
        // every processor, so the token then simply moves to the row
        GapAwareTrackingToken token;
        Instant timestamp;
        try {
            TrackedEventData<?> asAxonReadsIt = super.getTrackedEventData(resultSet, previousToken);
            token = (GapAwareTrackingToken) asAxonReadsIt.trackingToken();
            timestamp = asAxonReadsIt.getTimestamp();
        } catch (RuntimeException unreadable) {
            token = previousToken == null ? GapAwareTrackingToken.newInstance(globalIndex, Collections.emptySortedSet())
                    : previousToken.advanceTo(globalIndex, MAX_GAP_OFFSET);
            timestamp = Instant.EPOCH;
        }
        Serializer serializer = getEventSerializer();
        SerializedObject<byte[]> payload = serializer.serialize(new ForgedStoredEvent(globalIndex, verdict), byte[].class);
        SerializedObject<byte[]> metaData = serializer.serialize(MetaData.emptyInstance(), byte[].class);
        return new TrackedDomainEventData<>(token, new GenericDomainEventEntry<>(
                resultSet.getString(schema.typeColumn()), aggregate, sequenceNumber, eventIdentifier, timestamp,
                payload.getType().getName(), payload.getType().getRevision(), payload.getData(), metaData.getData()));
    }

    /**
     * Through the same row reader as the processors ({@link #getTrackedEventData}), each row read as the first after
     * the position before it (so no token carries the gaps before it).
     */
    @Override
    public List<TrackedEventMessage<?>> readAt(List<Long> positions) {
        if (positions.isEmpty()) {
            return List.of();
        }
        EventSchema schema = schema();
        List<TrackedEventData<?>> rows = JdbcUtils.executeQuery(getConnection(), connection -> {
            PreparedStatement statement = connection.prepareStatement("SELECT " + trackedEventFields(schema) + " FROM "
                    + schema.domainEventTable() + " WHERE " + schema.globalIndexColumn() + " = ANY (?) ORDER BY "
                    + schema.globalIndexColumn());
            statement.setArray(1, connection.createArrayOf("bigint", positions.toArray(Long[]::new)));
            return statement;
        }, resultSet -> {
            List<TrackedEventData<?>> read = new ArrayList<>();
            while (resultSet.next()) {
                long position = resultSet.getLong(schema.globalIndexColumn());
                read.add(getTrackedEventData(resultSet,
                        GapAwareTrackingToken.newInstance(position - 1, Collections.emptySortedSet())));
            }
            return read;
        }, e -> new EventStoreException("Failed to read the events at " + positions.size() + " position(s)", e));
        return EventUtils.upcastAndDeserializeTrackedEvents(rows.stream(), getEventSerializer(), upcasterChain)
                .toList();
    }

    @Override
    protected DomainEventData<?> getSnapshotData(ResultSet resultSet) throws SQLException {
        StoredEventMacs.Row row = row(resultSet, Kind.SNAPSHOT);
        Verdict verdict = macs.verify(row, resultSet.getString(MAC_KEY_ID), resultSet.getBytes(MAC), false);
        if (verdict == Verdict.AUTHENTIC) {
            return super.getSnapshotData(resultSet);
        }
        // one without a MAC is from before MACs (or carries nothing of the service's): not used, no alert; nor one the
        // service would not use anyway
        if (verdict != Verdict.NO_MAC && wouldBeUsed(row)) {
            forged.snapshot(row.aggregateIdentifier(), row.sequenceNumber(), verdict);
        }
        return null;
    }

    private boolean wouldBeUsed(StoredEventMacs.Row row) {
        try {
            return usedSnapshots.allow(new GenericDomainEventEntry<>(row.type(), row.aggregateIdentifier(),
                    row.sequenceNumber(), row.eventIdentifier(), Instant.EPOCH, row.payloadType(), row.payloadRevision(),
                    row.payload(), row.metaData()));
        } catch (RuntimeException e) {
            return true;
        }
    }

    /**
     * A snapshot row that fails its check (written with the runtime role's credentials) at the sequence number of the
     * snapshot about to be stored would hold its key, and every later snapshot there would fail: a long case would fold
     * a growing tail for good. So the case's snapshot rows that fail their check go first (the runtime role may DELETE
     * snapshots; the service never uses such a row), each alerted as when it is read.
     */
    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        try {
            deleteSnapshotsFailingTheirCheck(snapshot.getAggregateIdentifier());
        } catch (RuntimeException e) {
            // the snapshot is tried all the same: at worst it fails on the key, and the case is folded from its events
        }
        super.storeSnapshot(snapshot, serializer);
    }

    private void deleteSnapshotsFailingTheirCheck(String aggregateIdentifier) {
        EventSchema schema = schema();
        List<StoredEventMacs.Row> failing = JdbcUtils.executeQuery(getConnection(), connection -> {
            PreparedStatement statement = connection.prepareStatement("SELECT " + domainEventFields(schema) + " FROM "
                    + schema.snapshotTable() + " WHERE " + schema.aggregateIdentifierColumn() + " = ?");
            statement.setString(1, aggregateIdentifier);
            return statement;
        }, resultSet -> {
            List<StoredEventMacs.Row> found = new ArrayList<>();
            while (resultSet.next()) {
                StoredEventMacs.Row row = row(resultSet, Kind.SNAPSHOT);
                Verdict verdict = macs.verify(row, resultSet.getString(MAC_KEY_ID), resultSet.getBytes(MAC), false);
                if (verdict == Verdict.AUTHENTIC) {
                    continue;
                }
                if (verdict != Verdict.NO_MAC && wouldBeUsed(row)) {
                    forged.snapshot(row.aggregateIdentifier(), row.sequenceNumber(), verdict);
                }
                found.add(row);
            }
            return found;
        }, e -> new EventStoreException("Failed to read the snapshots of an aggregate", e));
        for (StoredEventMacs.Row row : failing) {
            JdbcUtils.executeUpdate(getConnection(), connection -> {
                PreparedStatement statement = connection.prepareStatement("DELETE FROM " + schema.snapshotTable()
                        + " WHERE " + schema.aggregateIdentifierColumn() + " = ? AND " + schema.sequenceNumberColumn()
                        + " = ? AND " + schema.eventIdentifierColumn() + " = ?");
                statement.setString(1, row.aggregateIdentifier());
                statement.setLong(2, row.sequenceNumber());
                statement.setString(3, row.eventIdentifier());
                return statement;
            }, e -> new EventStoreException("Failed to delete a snapshot that fails its check", e));
        }
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        return super.readSnapshotData(aggregateIdentifier).filter(Objects::nonNull);
    }

    private Verdict verifyEvent(ResultSet resultSet) throws SQLException {
        String keyId = resultSet.getString(MAC_KEY_ID);
        byte[] mac = resultSet.getBytes(MAC);
        boolean legacy = keyId == null && mac == null
                && resultSet.getLong(schema().globalIndexColumn()) <= legacyBoundary.getAsLong();
        return macs.verify(row(resultSet, Kind.EVENT), keyId, mac, legacy);
    }

    private StoredEventMacs.Row row(ResultSet resultSet, Kind kind) throws SQLException {
        EventSchema schema = schema();
        return new StoredEventMacs.Row(kind, resultSet.getString(schema.aggregateIdentifierColumn()),
                resultSet.getLong(schema.sequenceNumberColumn()), resultSet.getString(schema.eventIdentifierColumn()),
                resultSet.getString(schema.typeColumn()), resultSet.getString(schema.timestampColumn()),
                resultSet.getString(schema.payloadTypeColumn()), resultSet.getString(schema.payloadRevisionColumn()),
                resultSet.getBytes(schema.payloadColumn()), resultSet.getBytes(schema.metaDataColumn()));
    }
}
