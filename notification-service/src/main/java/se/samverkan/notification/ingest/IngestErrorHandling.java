package se.samverkan.notification.ingest;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import se.samverkan.contracts.MalformedEventException;
import se.samverkan.contracts.Topics;

/**
 * The platform's dead-lettering, with one difference: while this service's own database is unreachable, a record is
 * retried until it comes back instead of being dead-lettered after a few attempts. An outage is not the event's fault,
 * and dead-lettering every event that arrives during one would silently lose those notifications. The partition
 * waits, so order is kept.
 */
@Configuration(proxyBeanMethods = false)
class IngestErrorHandling {

    private static final Logger log = LoggerFactory.getLogger(IngestErrorHandling.class);

    @Bean
    @SuppressWarnings("unchecked")
    CommonErrorHandler ingestErrorHandler(KafkaTemplate<?, ?> kafka,
                                          @Value("${spring.kafka.consumer.group-id}") String group,
                                          @Value("${samverkan.kafka.max-retries:6}") int maxRetries) {
        String deadLetterTopic = Topics.deadLetter(group);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer((KafkaOperations<Object, Object>) kafka,
                (record, failure) -> {
                    // the cause message may quote record content, so log only where the record came from
                    log.warn("Dead-lettering record {}-{}@{} to {}: {}", record.topic(), record.partition(), record.offset(),
                            deadLetterTopic, rootCause(failure).getClass().getSimpleName());
                    return new TopicPartition(deadLetterTopic, -1);
                });
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, limitedBackOff(maxRetries));
        handler.addNotRetryableExceptions(MalformedEventException.class);
        handler.setBackOffFunction((record, failure) -> databaseUnavailable(failure) ? untilTheDatabaseIsBack() : null);
        return handler;
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

    static boolean databaseUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
