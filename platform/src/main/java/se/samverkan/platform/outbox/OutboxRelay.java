package se.samverkan.platform.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The one transactional outbox relay of the platform. In one database transaction per batch it claims up to
 * {@code batchSize} pending records in outbox order, sends them all ({@link BatchPublisher}), waits once for the
 * broker, and marks them sent (or sets aside those Kafka can never take) — so a record is marked only after Kafka has
 * it, a crash between send and mark re-sends the same ids, and a transient failure (broker down) rolls the batch back
 * and retries it after a back-off, skipping nothing. It wakes on a short poll and at once when
 * {@link #nudgeAfterCommit()} is called by the code that writes to the outbox, so latency is not the poll period.
 */
public final class OutboxRelay<H> implements SmartLifecycle {

    public record Settings(int batchSize, Duration pollInterval, Duration maxBackoff) {
        public Settings {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1");
            }
        }
    }

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final String name;
    private final OutboxStore<H> store;
    private final BatchPublisher publisher;
    private final TransactionTemplate transactions;
    private final Settings settings;
    private final BooleanSupplier active;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private volatile Thread worker;
    private Duration backoff = Duration.ZERO;

    /** @param active whether this instance relays now (e.g. only the leader does) */
    public OutboxRelay(String name, OutboxStore<H> store, BatchPublisher publisher, TransactionTemplate transactions,
                       Settings settings, BooleanSupplier active) {
        this.name = name;
        this.store = store;
        this.publisher = publisher;
        this.transactions = transactions;
        this.settings = settings;
        this.active = active;
    }

    /**
     * One batch in one transaction; answers how many records it handled (sent or set aside).
     * @throws BatchPublisher.TransientFailure when Kafka did not take the batch (nothing marked)
     */
    public int relayBatch() {
        Integer handled = transactions.execute(status -> {
            List<OutgoingRecord<H>> batch = store.claim(settings.batchSize());
            if (batch.isEmpty()) {
                return 0;
            }
            BatchPublisher.Outcome<H> outcome = publisher.publishAll(batch);
            outcome.refused().forEach(refused -> store.setAside(refused.record(), refused.failure()));
            if (!outcome.sent().isEmpty()) {
                store.sent(outcome.sent());
            }
            return batch.size();
        });
        return handled == null ? 0 : handled;
    }

    /** Relays batch after batch until the outbox is drained; a failure is logged and retried later. */
    public boolean relayPending() {
        try {
            while (relayBatch() == settings.batchSize()) {
                // a full batch: more may be waiting
            }
            backoff = Duration.ZERO;
            return true;
        } catch (RuntimeException e) {
            backoff = backoff.isZero() ? settings.pollInterval() : min(backoff.multipliedBy(2), settings.maxBackoff());
            log.warn("Outbox {} not relayed yet, retrying in {} ms: {}", name, backoff.toMillis(), e.getClass().getSimpleName());
            return false;
        }
    }

    /** Wakes the relay when the current transaction commits (at once without one): the new record goes out now. */
    public void nudgeAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    nudge();
                }
            });
        } else {
            nudge();
        }
    }

    public void nudge() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    private void loop() {
        while (running) {
            wake.drainPermits();
            boolean ok = !active.getAsBoolean() || relayPending();
            try {
                if (ok) {
                    wake.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    // a broker outage: wait out the back-off; nudges do not shorten it, stopping does
                    long until = System.nanoTime() + backoff.toNanos();
                    for (long left = backoff.toNanos(); running && left > 0; left = until - System.nanoTime()) {
                        wake.tryAcquire(left, TimeUnit.NANOSECONDS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().daemon().name("outbox-relay-" + name).start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        wake.release();
        Thread thread = worker;
        if (thread != null) {
            try {
                // the batch in flight finishes (or rolls back) on its own; its records are then sent or still pending
                if (!thread.join(Duration.ofSeconds(30))) {
                    thread.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
