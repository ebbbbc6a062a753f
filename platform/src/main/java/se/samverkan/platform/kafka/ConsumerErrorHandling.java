package se.samverkan.platform.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import se.samverkan.contracts.MalformedEventException;
import se.samverkan.contracts.Topics;
import se.samverkan.platform.problem.DatabaseUnavailable;

/**
 * How every consumer handles a record it cannot process:
 * <ul>
 *   <li>a record that cannot be understood goes to the group's dead-letter topic at once;</li>
 *   <li>while the service's own database is unreachable the record is retried until it is back: an outage is not the
 *       event's fault, and dead-lettering everything that arrives during one would silently lose it (the partition
 *       waits, so order is kept);</li>
 *   <li>any other failure is retried with back-off a few times, then dead-lettered.</li>
 * </ul>
 */
public final class ConsumerErrorHandling {

    private static final Logger log = LoggerFactory.getLogger(ConsumerErrorHandling.class);

    private ConsumerErrorHandling() {
    }

    /** Counts every record a consumer sets aside, by the topic it came from and the kind of failure: the alert's source. */
    public static final String DEAD_LETTERS = "samverkan.kafka.dead_letters";

    public static DefaultErrorHandler deadLettering(KafkaOperations<Object, Object> kafka, String consumerGroup, int maxRetries,
                                                    MeterRegistry meters) {
        String deadLetterTopic = Topics.deadLetter(consumerGroup);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(kafka, (record, failure) -> {
            // the cause message may quote record content, so log only where the record came from
            log.warn("Dead-lettering record {}-{}@{} to {}: {}", record.topic(), record.partition(), record.offset(),
                    deadLetterTopic, rootCause(failure).getClass().getSimpleName());
            countDeadLetter(meters, record.topic(), failure);
            return new TopicPartition(deadLetterTopic, -1);
        });
        // a failure's message and stack trace quote what the parser read (Jackson: "from String value ('…')"): the dead
        // letter keeps the kind of failure (exception-fqcn, cause-fqcn) and where the record lay, never their text
        recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_MSG,
                DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
        // a batch listener names its failed record with a BatchListenerFailedException around the real failure; the
        // dead letter records the real failure, exactly as a record listener's would
        DefaultErrorHandler handler = new DefaultErrorHandler((record, failure) -> recoverer.accept(record, asRecordFailure(failure)),
                limitedBackOff(maxRetries));
        handler.addNotRetryableExceptions(MalformedEventException.class);
        // the container would log each failure with its whole cause chain, and a parser's message can quote the record
        // (personal data): log where the record lay and the kind of failure only
        handler.setLogLevel(KafkaException.Level.DEBUG);
        handler.setRetryListeners((record, failure, attempt) -> log.warn("Delivery {} of record {}-{}@{} failed: {}",
                attempt, record.topic(), record.partition(), record.offset(), rootCause(failure).getClass().getSimpleName()));
        handler.setBackOffFunction((record, failure) -> DatabaseUnavailable.causedBy(failure) ? untilTheDatabaseIsBack() : null);
        return handler;
    }

    /** The topic is one this consumer subscribes to and the failure a class name: both bounded, neither personal. */
    public static void countDeadLetter(MeterRegistry meters, String topic, Throwable failure) {
        Throwable kind = rootCause(failure);
        for (Throwable cause = failure; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof MalformedEventException) {
                kind = cause;
                break;
            }
        }
        meters.counter(DEAD_LETTERS, "topic", topic, "failure", kind.getClass().getSimpleName()).increment();
    }

    static Exception asRecordFailure(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BatchListenerFailedException batch && batch.getCause() != null) {
                return new ListenerExecutionFailedException(batch.getMessage(), batch.getCause());
            }
        }
        return failure;
    }

    static BackOff limitedBackOff(int maxRetries) {
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(maxRetries);
        backOff.setInitialInterval(200);
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(5_000);
        return backOff;
    }

    static BackOff untilTheDatabaseIsBack() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        return backOff;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
