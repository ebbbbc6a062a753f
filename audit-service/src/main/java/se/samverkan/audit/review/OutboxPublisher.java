package se.samverkan.audit.review;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.audit.CheckpointCosigned;
import se.samverkan.contracts.audit.CheckpointIssued;
import se.samverkan.contracts.audit.ReviewItemRaised;
import se.samverkan.platform.kafka.CloudEventPublisher;
import se.samverkan.platform.observability.OutboxBacklog;
import se.samverkan.platform.outbox.BatchPublisher;
import se.samverkan.platform.outbox.OutboxRelay;
import se.samverkan.platform.outbox.OutboxStore;
import se.samverkan.platform.outbox.OutgoingRecord;
import se.samverkan.platform.outbox.PublishFailures;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * audit-service's outbox: new checkpoints and the cosignatures it made as a witness of other logs
 * (samverkan.audit.checkpoints) and review items (samverkan.audit.events),
 * read from the tables the sequencer committed them to, relayed in batches by the platform's {@link OutboxRelay};
 * what reached the broker is recorded in {@code published_events}. At least once, in order, and a broker outage only
 * delays them. Only the leader relays (a standby would send the same events a second time); a new review item wakes
 * the relay when the sequencer's transaction commits ({@link ReviewItemsRaised}).
 */
@Component
public class OutboxPublisher implements OutboxStore<OutboxPublisher.Row>, SmartLifecycle {

    /** Published by the review rules inside the sequencer's transaction; the relay wakes after it commits. */
    public record ReviewItemsRaised() {
    }

    /**
     * An outbox row: which table, and its place there (tree size of a checkpoint, source leaf of a review item, the
     * cosigning time in microseconds of a cosignature this log made as a witness).
     */
    public record Row(Kind kind, long order, UUID id) {

        public Row(Kind kind, long order) {
            this(kind, order, null);
        }
    }

    public enum Kind { CHECKPOINT, REVIEW_ITEM, COSIGNATURE }

    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);

    private final JdbcTemplate jdbc;
    private final CloudEventCodec codec = new CloudEventCodec(Entries.SOURCE);
    private final MeterRegistry meters;
    private final OutboxRelay<Row> relay;
    private final java.util.function.Supplier<String> witnessKey;
    private final Sequencer sequencer;
    // watermarks keep each poll to the newest rows instead of anti-joining the whole history; rows at the watermark
    // itself are re-checked, so nothing is skipped (the sequencer appends in this order); moved only after a commit
    private volatile long checkpointWatermark = -1;
    private volatile long reviewWatermark = -1;
    /**
     * Review items are read after this item (source leaf, then id): it moves past each item sent (after the commit) and
     * past rows that do not verify, which are never sent. Those are the runtime role's (ReviewQueueIntegrity reports
     * them); left in the way, enough of them at one leaf would have kept every later item off the topic for good.
     */
    private volatile ReviewPosition reviewPassed = new ReviewPosition(-1, NO_ID);
    private volatile long cosignatureWatermark = -1;
    private volatile boolean watermarksLoaded;
    private final se.samverkan.audit.log.CheckpointNotes notes;
    private final ReviewQueueIntegrity items;

    private static final UUID NO_ID = new UUID(0, 0);
    private static final int UNVERIFIED_CHUNKS_PER_CLAIM = 10;
    /**
     * When a claim may next read past a full batch of checkpoint rows this log did not sign ({@link System#nanoTime}):
     * after a claim found nothing signed behind them, not before this pause, so that rows with nothing behind them
     * (the runtime role's, far ahead of the log) cost a batch a poll, not ten.
     */
    private volatile long checkpointsReadOnFrom = System.nanoTime();
    private static final Duration CHECKPOINTS_READ_ON_EVERY = Duration.ofSeconds(5);
    /**
     * Checkpoint rows the backlog gauge reads at most: a backlog of more signed checkpoints than this (minutes of a
     * broker outage at one every 10 s would be far fewer) is reported as this many.
     */
    private static final int BACKLOG_CHECKPOINTS_READ = 1_000;

    /** Where the review items read so far end: rows after it (by source leaf, then id) are read next. */
    private record ReviewPosition(long leaf, UUID id) {

        ReviewPosition max(ReviewPosition other) {
            int byLeaf = Long.compare(leaf, other.leaf);
            return byLeaf > 0 || byLeaf == 0 && compareAsPostgres(id, other.id) >= 0 ? this : other;
        }

        /** PostgreSQL orders uuids by their bytes, unsigned; {@link UUID#compareTo} compares signed halves. */
        private static int compareAsPostgres(UUID a, UUID b) {
            int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
            return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
        }
    }

    public OutboxPublisher(JdbcTemplate jdbc, CloudEventPublisher publisher, Sequencer sequencer,
                           TransactionTemplate transactions, MeterRegistry meters,
                           @Value("${samverkan.audit.publish-every:200ms}") Duration interval,
                           @Value("${samverkan.audit.publish-batch-size:500}") int batchSize,
                           se.samverkan.audit.witness.WitnessRole witnesses, se.samverkan.audit.log.CheckpointNotes notes,
                           ReviewQueueIntegrity items) {
        this.jdbc = jdbc;
        this.items = items;
        this.notes = notes;
        this.witnessKey = () -> witnesses.witnessKey().orElse("unknown");
        this.meters = meters;
        this.sequencer = sequencer;
        this.relay = new OutboxRelay<>("audit-events", this, new BatchPublisher(publisher, Duration.ofSeconds(30)),
                transactions, new OutboxRelay.Settings(batchSize, interval, Duration.ofSeconds(5)), sequencer::isLeader);
        OutboxBacklog.register(meters, "audit-events", this::backlog);
    }

    /**
     * Checkpoints and review items not yet on Kafka (issue 13's backlog gauges), counted from the watermarks as
     * {@link #claim} reads them; only the relaying leader knows them, a standby reports unknown.
     */
    private OutboxBacklog.Snapshot backlog() {
        if (!sequencer.isLeader() || !watermarksLoaded) {
            return OutboxBacklog.Snapshot.UNKNOWN;
        }
        // only checkpoints this log signed: a row the runtime role inserted is never announced (claim), so counting it
        // kept the backlog alert raised for as long as the row stood (CheckpointNotes remembers either answer per row).
        // Only up to the latest size the sequencer signed, and a bounded number: rows the runtime role inserted above it
        // are none of this log's, and each row read here is a verification (about a millisecond; the memo holds 4,096
        // answers), so 100,000 of them far ahead of the log made every scrape take about 100 s
        long signedSize = sequencer.signedSize();
        if (signedSize < 0) {
            return OutboxBacklog.Snapshot.UNKNOWN;
        }
        long pendingCheckpoints = 0;
        Instant oldestCheckpoint = null;
        for (se.samverkan.audit.log.StoredCheckpoint row : jdbc.query("""
                SELECT c.tree_size, c.root_hash, c.signed_note, c.event_id, c.issued_at FROM checkpoints c
                WHERE c.tree_size >= ? AND c.tree_size <= ?
                  AND NOT EXISTS (SELECT 1 FROM published_events p WHERE p.event_id = c.event_id)
                  AND NOT EXISTS (SELECT 1 FROM publish_dead_letter d WHERE d.event_id = c.event_id)
                ORDER BY c.tree_size LIMIT ?""",
                (rs, n) -> new se.samverkan.audit.log.StoredCheckpoint(rs.getLong(1), rs.getBytes(2), rs.getString(3),
                        rs.getObject(4, UUID.class), rs.getTimestamp(5).toInstant()), checkpointWatermark, signedSize,
                BACKLOG_CHECKPOINTS_READ)) {
            if (notes.signs(row)) {
                pendingCheckpoints++;
                oldestCheckpoint = oldestCheckpoint == null || row.issuedAt().isBefore(oldestCheckpoint) ? row.issuedAt() : oldestCheckpoint;
            }
        }
        OutboxBacklog.Snapshot checkpoints = new OutboxBacklog.Snapshot(pendingCheckpoints, oldestCheckpoint);
        ReviewPosition passed = reviewPassed;
        OutboxBacklog.Snapshot reviews = jdbc.queryForObject("""
                SELECT count(*), min(r.raised_at) FROM review_items r
                WHERE (r.source_leaf_index, r.id) > (?, ?) AND NOT EXISTS (SELECT 1 FROM published_events p WHERE p.event_id = r.id)
                  AND NOT EXISTS (SELECT 1 FROM publish_dead_letter d WHERE d.event_id = r.id)""",
                (rs, n) -> new OutboxBacklog.Snapshot(rs.getLong(1), instant(rs.getTimestamp(2))), passed.leaf(), passed.id());
        Instant oldest = checkpoints.oldest() == null ? reviews.oldest()
                : reviews.oldest() == null || checkpoints.oldest().isBefore(reviews.oldest()) ? checkpoints.oldest() : reviews.oldest();
        return new OutboxBacklog.Snapshot(checkpoints.count() + reviews.count(), oldest);
    }

    private static Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    @Override
    public List<OutgoingRecord<Row>> claim(int max) {
        if (!watermarksLoaded) {
            checkpointWatermark = jdbc.queryForObject("""
                    SELECT coalesce(max(c.tree_size), -1) FROM checkpoints c JOIN published_events p ON p.event_id = c.event_id""", Long.class);
            reviewWatermark = jdbc.queryForObject("""
                    SELECT coalesce(max(r.source_leaf_index), -1) FROM review_items r JOIN published_events p ON p.event_id = r.id""", Long.class);
            // every item at the newest published leaf is read again (those published are passed over by the query)
            reviewPassed = new ReviewPosition(reviewWatermark, NO_ID).max(reviewPassed);
            cosignatureWatermark = jdbc.queryForObject("""
                    SELECT coalesce(max(floor(extract(epoch FROM w.cosigned_at) * 1000000)::bigint), -1) FROM witnessed_checkpoints w
                    JOIN published_events p ON p.event_id = w.event_id""", Long.class);
            watermarksLoaded = true;
        }
        List<OutgoingRecord<Row>> batch = new ArrayList<>(checkpoints(max));
        batch.addAll(jdbc.query("""
                SELECT w.event_id, w.origin, w.tree_size, w.root_hash, w.signed_note, w.cosignature, w.cosigned_at,
                       floor(extract(epoch FROM w.cosigned_at) * 1000000)::bigint
                FROM witnessed_checkpoints w
                WHERE w.cosigned_at >= to_timestamp(? / 1000000.0) AND NOT EXISTS (SELECT 1 FROM published_events p WHERE p.event_id = w.event_id)
                  AND NOT EXISTS (SELECT 1 FROM publish_dead_letter d WHERE d.event_id = w.event_id)
                ORDER BY w.cosigned_at, w.origin LIMIT ?""", (rs, n) -> {
            UUID id = rs.getObject(1, UUID.class);
            Instant at = rs.getTimestamp(7).toInstant();
            String line = rs.getString(6);
            // the name on the cosignature line; the key is what this witness serves at /api/audit/witness/key
            String name = line.substring(2, line.indexOf(' ', 2));
            CheckpointCosigned cosigned = new CheckpointCosigned(rs.getString(2), rs.getLong(3),
                    Base64.getEncoder().encodeToString(rs.getBytes(4)), name, witnessKey.get(), line, rs.getString(5) + line, at);
            return OutgoingRecord.of(new Row(Kind.COSIGNATURE, rs.getLong(8)), codec.wrap(id, at, cosigned));
        }, Math.max(0, cosignatureWatermark), Math.max(0, max - batch.size())));
        // a row the runtime role inserted is no item this log raised: never announced (its officers would be told of
        // made-up work), reported by ReviewQueueIntegrity, and passed over at once when no item to send comes before it;
        // a chunk of nothing but such rows is followed by the next (a few at most per claim, the rest at the next poll)
        int room = Math.max(0, max - batch.size());
        for (int chunk = 0; chunk < UNVERIFIED_CHUNKS_PER_CLAIM && room > 0; chunk++) {
            ReviewPosition passed = reviewPassed;
            List<ReviewQueueIntegrity.StoredItem> rows = jdbc.query("SELECT " + ReviewItemSeals.COLUMNS + """
                     FROM review_items r
                    WHERE (r.source_leaf_index, r.id) > (?, ?) AND NOT EXISTS (SELECT 1 FROM published_events p WHERE p.event_id = r.id)
                      AND NOT EXISTS (SELECT 1 FROM publish_dead_letter d WHERE d.event_id = r.id)
                    ORDER BY r.source_leaf_index, r.id LIMIT ?""", (rs, n) -> ReviewQueueIntegrity.StoredItem.of(rs),
                    passed.leaf(), passed.id(), room);
            java.util.Set<UUID> unverified = items.unverified(rows);
            boolean sending = false;
            for (ReviewQueueIntegrity.StoredItem row : rows) {
                ReviewItemSeals.Item item = row.item();
                if (unverified.contains(item.id())) {
                    if (!sending) {
                        reviewPassed = reviewPassed.max(new ReviewPosition(item.sourceLeafIndex(), item.id()));
                    }
                    continue;
                }
                sending = true;
                ReviewItemRaised raised = new ReviewItemRaised(item.id(), item.rule(), item.caseId(), item.owningUnit(),
                        item.municipality(), item.actorId(), item.sourceEventId().toString(), item.raisedAt());
                batch.add(OutgoingRecord.of(new Row(Kind.REVIEW_ITEM, item.sourceLeafIndex(), item.id()),
                        codec.wrap(raised.reviewItemId(), raised.raisedAt(), raised)));
            }
            if (sending || rows.size() < room) {
                break;
            }
        }
        return batch;
    }

    /**
     * The checkpoints to announce, in order from the watermark: only rows this log signed. A row the runtime role
     * inserted is not this log's checkpoint: never announced, and never the watermark (one far ahead kept every genuine
     * checkpoint below it off the topic); CheckpointNotes reports it. Such rows before the first signed one are passed
     * over: the watermark moves to that signed row at once (the sequencer issues checkpoints in order of size, so none
     * of its own below a signed row is still to come), and a chunk of nothing but such rows is followed by the next, a
     * few per claim (and, when none of them found a signed row, not again for {@link #CHECKPOINTS_READ_ON_EVERY}).
     * Left in the way, a batch's worth of them at unused sizes between the last checkpoint announced and the next kept
     * every later checkpoint off the topic for good.
     */
    private List<OutgoingRecord<Row>> checkpoints(int max) {
        List<OutgoingRecord<Row>> found = new ArrayList<>();
        // nothing above the latest size the sequencer signed is its checkpoint: rows there are never read (a checkpoint
        // stored but not yet counted by the sequencer is read at the next poll)
        long signedSize = sequencer.signedSize();
        if (signedSize < 0) {
            return found;
        }
        long from = checkpointWatermark;
        boolean readOn = false;
        for (int chunk = 0; chunk < UNVERIFIED_CHUNKS_PER_CLAIM && max > 0; chunk++) {
            if (chunk > 0) {
                if (System.nanoTime() - checkpointsReadOnFrom < 0) {
                    break;
                }
                readOn = true;
            }
            List<se.samverkan.audit.log.StoredCheckpoint> rows = jdbc.query("""
                    SELECT c.tree_size, c.root_hash, c.signed_note, c.event_id, c.issued_at FROM checkpoints c
                    WHERE c.tree_size >= ? AND c.tree_size <= ?
                      AND NOT EXISTS (SELECT 1 FROM published_events p WHERE p.event_id = c.event_id)
                      AND NOT EXISTS (SELECT 1 FROM publish_dead_letter d WHERE d.event_id = c.event_id)
                    ORDER BY c.tree_size LIMIT ?""", (rs, n) -> new se.samverkan.audit.log.StoredCheckpoint(rs.getLong(1),
                    rs.getBytes(2), rs.getString(3), rs.getObject(4, UUID.class), rs.getTimestamp(5).toInstant()), from,
                    signedSize, max);
            for (se.samverkan.audit.log.StoredCheckpoint row : rows) {
                if (!notes.signs(row)) {
                    continue;
                }
                if (found.isEmpty() && row.treeSize() > checkpointWatermark) {
                    // the rows read before it, from the watermark on, are none of this log's: never read again
                    checkpointWatermark = row.treeSize();
                }
                String note = row.signedNote();
                CheckpointIssued checkpoint = new CheckpointIssued(note.substring(0, note.indexOf('\n')), row.treeSize(),
                        Base64.getEncoder().encodeToString(row.rootHash()), note, row.issuedAt());
                found.add(OutgoingRecord.of(new Row(Kind.CHECKPOINT, checkpoint.treeSize()),
                        codec.wrap(row.eventId(), row.issuedAt(), checkpoint)));
            }
            if (!found.isEmpty() || rows.size() < max) {
                break;
            }
            from = rows.getLast().treeSize() + 1;
        }
        if (readOn && found.isEmpty()) {
            // nothing signed behind them yet: not every poll (each row read is a verification once the memo is full)
            checkpointsReadOnFrom = System.nanoTime() + CHECKPOINTS_READ_ON_EVERY.toNanos();
        }
        return found;
    }

    @Override
    public void sent(List<OutgoingRecord<Row>> records) {
        jdbc.batchUpdate("INSERT INTO published_events (event_id) VALUES (?) ON CONFLICT DO NOTHING",
                records.stream().map(r -> new Object[]{UUID.fromString(r.event().id())}).toList());
        long checkpoints = highest(records, Kind.CHECKPOINT);
        long reviews = highest(records, Kind.REVIEW_ITEM);
        long cosignatures = highest(records, Kind.COSIGNATURE);
        ReviewPosition lastReview = records.stream().filter(r -> r.handle().kind() == Kind.REVIEW_ITEM)
                .map(r -> new ReviewPosition(r.handle().order(), r.handle().id())).reduce(ReviewPosition::max).orElse(null);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                checkpointWatermark = Math.max(checkpointWatermark, checkpoints);
                reviewWatermark = Math.max(reviewWatermark, reviews);
                if (lastReview != null) {
                    reviewPassed = reviewPassed.max(lastReview);
                }
                cosignatureWatermark = Math.max(cosignatureWatermark, cosignatures);
            }
        });
    }

    private static long highest(List<OutgoingRecord<Row>> records, Kind kind) {
        return records.stream().filter(r -> r.handle().kind() == kind).mapToLong(r -> r.handle().order()).max().orElse(-1);
    }

    @Override
    public void setAside(OutgoingRecord<Row> record, Throwable failure) {
        String reason = PublishFailures.reason(failure);
        jdbc.update("""
                        INSERT INTO publish_dead_letter (event_id, event_type, size_bytes, error_class) VALUES (?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""",
                UUID.fromString(record.event().id()), record.event().type(), CloudEventCodec.toBytes(record.event()).length, reason);
        PublishFailures.count(meters, "AUDIT_EVENTS", reason);
        log.error("ALERT: audit event {} of type {} can never be published ({}); set aside in publish_dead_letter, "
                + "later events go on", record.event().id(), record.event().type(), reason);
    }

    @TransactionalEventListener(fallbackExecution = true)
    public void reviewItemsRaised(ReviewItemsRaised raised) {
        relay.nudge();
    }

    /** Relays what is pending now, on the calling thread (tests). */
    public boolean publishPending() {
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
