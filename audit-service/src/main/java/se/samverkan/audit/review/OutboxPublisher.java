package se.samverkan.audit.review;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.audit.CheckpointIssued;
import se.samverkan.contracts.audit.ReviewItemRaised;
import se.samverkan.platform.kafka.CloudEventPublisher;

import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Publishes new checkpoints (samverkan.audit.checkpoints) and review items (samverkan.audit.events) from the
 * tables the sequencer committed them to, and records what reached the broker: at least once, in order, and a
 * broker outage only delays them.
 */
@Component
public class OutboxPublisher {

    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);

    private final JdbcTemplate jdbc;
    private final CloudEventPublisher publisher;
    private final CloudEventCodec codec = new CloudEventCodec(Entries.SOURCE);
    // watermarks keep each poll to the newest rows instead of anti-joining the whole history every second;
    // rows at the watermark itself are re-checked, so nothing is skipped (the sequencer appends in this order)
    private long checkpointWatermark = -1;
    private long reviewWatermark = -1;
    private boolean watermarksLoaded;

    private final Sequencer sequencer;

    public OutboxPublisher(JdbcTemplate jdbc, CloudEventPublisher publisher, Sequencer sequencer) {
        this.jdbc = jdbc;
        this.publisher = publisher;
        this.sequencer = sequencer;
    }

    @Scheduled(fixedDelayString = "${samverkan.audit.publish-every:1s}")
    public void publishPending() {
        // the leader publishes what it wrote; a standby would only send the same events a second time
        if (!sequencer.isLeader()) {
            return;
        }
        try {
            if (!watermarksLoaded) {
                checkpointWatermark = jdbc.queryForObject("""
                        SELECT coalesce(max(c.tree_size), -1) FROM checkpoints c JOIN published_events p ON p.event_id = c.event_id""", Long.class);
                reviewWatermark = jdbc.queryForObject("""
                        SELECT coalesce(max(r.source_leaf_index), -1) FROM review_items r JOIN published_events p ON p.event_id = r.id""", Long.class);
                watermarksLoaded = true;
            }
            publishCheckpoints();
            publishReviewItems();
        } catch (RuntimeException e) {
            log.warn("Publishing audit events failed, will retry: {}", e.getClass().getSimpleName());
        }
    }

    private void publishCheckpoints() {
        jdbc.query("""
                SELECT c.event_id, c.tree_size, c.root_hash, c.signed_note, c.issued_at FROM checkpoints c
                WHERE c.tree_size >= ? AND NOT EXISTS (SELECT 1 FROM published_events p WHERE p.event_id = c.event_id)
                ORDER BY c.tree_size LIMIT 100""", (rs, row) -> {
            UUID id = rs.getObject(1, UUID.class);
            var issuedAt = rs.getTimestamp(5).toInstant();
            String origin = rs.getString(4).substring(0, rs.getString(4).indexOf('\n'));
            return new Object[]{id, new CheckpointIssued(origin, rs.getLong(2),
                    Base64.getEncoder().encodeToString(rs.getBytes(3)), rs.getString(4), issuedAt), issuedAt};
        }, checkpointWatermark).forEach(row -> {
            CheckpointIssued checkpoint = (CheckpointIssued) row[1];
            send((UUID) row[0], checkpoint, (java.time.Instant) row[2]);
            checkpointWatermark = checkpoint.treeSize();
        });
    }

    private void publishReviewItems() {
        jdbc.query("""
                SELECT r.id, r.rule, r.case_id, r.owning_unit, r.municipality, r.actor_id, r.source_event_id, r.raised_at,
                       r.source_leaf_index
                FROM review_items r
                WHERE r.source_leaf_index >= ? AND NOT EXISTS (SELECT 1 FROM published_events p WHERE p.event_id = r.id)
                ORDER BY r.source_leaf_index, r.rule LIMIT 100""", (rs, row) -> new Object[]{new ReviewItemRaised(rs.getObject(1, UUID.class),
                rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getObject(7, UUID.class).toString(), rs.getTimestamp(8).toInstant()), rs.getLong(9)}, reviewWatermark)
                .forEach(row -> {
                    ReviewItemRaised item = (ReviewItemRaised) row[0];
                    send(item.reviewItemId(), item, item.raisedAt());
                    reviewWatermark = (Long) row[1];
                });
    }

    private void send(UUID id, se.samverkan.contracts.IntegrationEvent event, java.time.Instant at) {
        try {
            publisher.publish(codec.wrap(id, at, event)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + id, e);
        }
        jdbc.update("INSERT INTO published_events (event_id) VALUES (?) ON CONFLICT DO NOTHING", id);
    }
}
