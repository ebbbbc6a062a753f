package se.samverkan.cases.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Topics;
import se.samverkan.cases.publishing.PublishDeadLetters;
import se.samverkan.cases.publishing.PublishFailures;
import se.samverkan.platform.kafka.CloudEventPublisher;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Sends waiting access events to Kafka in outbox order and marks them sent once the broker acknowledged them.
 * Rows are locked with SKIP LOCKED, so several instances can relay side by side; a crash between send and mark
 * re-sends the same event id, which consumers drop.
 */
@Component
public class AccessOutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(AccessOutboxRelay.class);
    private static final int BATCH = 200;

    private record Pending(long position, UUID eventId, String caseId, byte[] cloudEvent) {
    }

    private final JdbcClient jdbc;
    private final CloudEventPublisher publisher;
    private final TransactionTemplate transactions;
    private final PublishDeadLetters deadLetters;

    public AccessOutboxRelay(JdbcClient jdbc, CloudEventPublisher publisher, TransactionTemplate transactions,
                             PublishDeadLetters deadLetters) {
        this.deadLetters = deadLetters;
        this.jdbc = jdbc;
        this.publisher = publisher;
        this.transactions = transactions;
    }

    @Scheduled(fixedDelayString = "${samverkan.cases.access-relay-interval:200ms}")
    public void relay() {
        try {
            Integer sent;
            do {
                sent = transactions.execute(status -> relayBatch());
            } while (sent != null && sent == BATCH);
        } catch (RuntimeException e) {
            log.warn("Access events not relayed yet, will retry: {}", e.getClass().getSimpleName());
        }
    }

    private int relayBatch() {
        List<Pending> pending = jdbc.sql("""
                        SELECT position, event_id, case_id, cloud_event FROM access_outbox
                        WHERE published_at IS NULL AND dead_lettered_at IS NULL
                        ORDER BY position LIMIT ? FOR UPDATE SKIP LOCKED""")
                .param(BATCH)
                .query((rs, n) -> new Pending(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getBytes(4)))
                .list();
        for (Pending p : pending) {
            try {
                publisher.publish(Topics.ACCESS_EVENTS, CloudEventCodec.fromBytes(p.cloudEvent())).get(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while relaying access events", e);
            } catch (Exception e) {
                if (PublishFailures.isPermanent(e)) {
                    // set aside with an alert; the rest of the outbox still goes out
                    deadLetters.record(PublishDeadLetters.Stream.ACCESS_EVENTS, p.eventId(), "se.samverkan.access.access-recorded.v1",
                            p.caseId(), p.cloudEvent().length, e);
                    jdbc.sql("UPDATE access_outbox SET dead_lettered_at = now() WHERE position = ?").param(p.position()).update();
                    continue;
                }
                throw new IllegalStateException("Kafka did not acknowledge an access event", e);
            }
            jdbc.sql("UPDATE access_outbox SET published_at = now() WHERE position = ?").param(p.position()).update();
        }
        return pending.size();
    }
}
