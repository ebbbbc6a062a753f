package se.samverkan.platform.outbox;

import se.samverkan.platform.kafka.CloudEventPublisher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a whole batch of outbox records at once and waits once for the broker's acknowledgements, instead of one
 * round trip per record. The producer is idempotent ({@code enable.idempotence=true}, {@code acks=all}, configured per
 * service): Kafka keeps a partition's records in send order across its internal retries, and records are keyed by
 * subject (the case), so a case's records stay in order.
 * <p>
 * After the wait every record is either acknowledged, refused for good ({@link PublishFailures#isPermanent}: the
 * caller sets it aside) or failed transiently; one transient failure fails the batch ({@link TransientFailure}) and the
 * caller marks nothing, so the whole batch is sent again later with the same ids (consumers drop what they had).
 */
public final class BatchPublisher {

    /** Kafka did not take every record of the batch (broker down, timeout); retry the batch, mark nothing. */
    public static final class TransientFailure extends RuntimeException {
        TransientFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public record Refused<H>(OutgoingRecord<H> record, Throwable failure) {
    }

    /** What the broker acknowledged, and what it can never take. */
    public record Outcome<H>(List<OutgoingRecord<H>> sent, List<Refused<H>> refused) {
    }

    private final CloudEventPublisher publisher;
    private final Duration acknowledgementTimeout;

    public BatchPublisher(CloudEventPublisher publisher, Duration acknowledgementTimeout) {
        this.publisher = publisher;
        this.acknowledgementTimeout = acknowledgementTimeout;
    }

    public <H> Outcome<H> publishAll(List<OutgoingRecord<H>> records) {
        List<CompletableFuture<?>> acks = new ArrayList<>(records.size());
        for (OutgoingRecord<H> record : records) {
            acks.add(send(record));
        }
        try {
            // completes once every send has completed, acknowledged or not: one wait for the whole batch
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(acknowledgementTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failedOnes) {
            // looked at one by one below
        } catch (TimeoutException e) {
            throw new TransientFailure("Kafka did not acknowledge a batch of " + records.size() + " within "
                    + acknowledgementTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while waiting for Kafka", e);
        }
        List<OutgoingRecord<H>> sent = new ArrayList<>(records.size());
        List<Refused<H>> refused = new ArrayList<>();
        Throwable transientFailure = null;
        for (int i = 0; i < records.size(); i++) {
            Throwable failure = failure(acks.get(i));
            if (failure == null) {
                sent.add(records.get(i));
            } else if (PublishFailures.isPermanent(failure)) {
                refused.add(new Refused<>(records.get(i), failure));
            } else if (transientFailure == null) {
                transientFailure = failure;
            }
        }
        if (transientFailure != null) {
            throw new TransientFailure("Kafka did not acknowledge every record of a batch of " + records.size(),
                    transientFailure);
        }
        return new Outcome<>(sent, refused);
    }

    private CompletableFuture<?> send(OutgoingRecord<?> record) {
        try {
            return publisher.publish(record.topic(), record.event(), record.traceparent(), record.signedValue());
        } catch (RuntimeException e) {
            // some failures (signing, serialising, metadata not available in time) are thrown, not returned
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Throwable failure(CompletableFuture<?> ack) {
        if (!ack.isCompletedExceptionally()) {
            return null;
        }
        try {
            ack.join();
            return null;
        } catch (RuntimeException e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }
}
