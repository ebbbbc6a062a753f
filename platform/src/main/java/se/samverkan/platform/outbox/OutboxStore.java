package se.samverkan.platform.outbox;

import java.util.List;

/**
 * A service's outbox table as {@link OutboxRelay} sees it: the service keeps its table and its mapping, the relay does
 * the sending. All three methods run inside the relay's one transaction per batch.
 */
public interface OutboxStore<H> {

    /** Up to {@code max} unsent records in outbox order, locked for this transaction (e.g. FOR UPDATE SKIP LOCKED). */
    List<OutgoingRecord<H>> claim(int max);

    /** Kafka acknowledged these. */
    void sent(List<OutgoingRecord<H>> records);

    /** Kafka can never take this one: set it aside with an alert (and never claim it again). */
    void setAside(OutgoingRecord<H> record, Throwable failure);
}
