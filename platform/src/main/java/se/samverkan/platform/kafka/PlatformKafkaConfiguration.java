package se.samverkan.platform.kafka;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import se.samverkan.contracts.MalformedEventException;
import se.samverkan.contracts.Topics;

/**
 * Kafka conventions shared by all services: structured CloudEvents out, and for every consumer group a
 * dead-letter topic {@code samverkan.dlt.<group>} that takes records which cannot be understood (at once)
 * or keep failing (after retries with back-off). Nothing is dropped.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaTemplate.class)
public class PlatformKafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PlatformKafkaConfiguration.class);

    @Bean
    @ConditionalOnBean(KafkaTemplate.class)
    @ConditionalOnMissingBean
    @SuppressWarnings("unchecked")
    CloudEventPublisher cloudEventPublisher(KafkaTemplate<?, ?> kafka) {
        return new CloudEventPublisher((KafkaTemplate<String, byte[]>) kafka);
    }

    @Bean
    @ConditionalOnBean(KafkaTemplate.class)
    @ConditionalOnProperty("spring.kafka.consumer.group-id")
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    @SuppressWarnings("unchecked")
    CommonErrorHandler deadLetteringErrorHandler(KafkaTemplate<?, ?> kafka,
                                                 @Value("${spring.kafka.consumer.group-id}") String group,
                                                 @Value("${samverkan.kafka.max-retries:6}") int maxRetries) {
        String deadLetterTopic = Topics.deadLetter(group);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer((KafkaOperations<Object, Object>) kafka,
                (record, failure) -> {
                    // the cause message may quote record content, so log only where the record came from
                    log.warn("Dead-lettering record {}-{}@{} to {}: {}", record.topic(), record.partition(), record.offset(),
                            deadLetterTopic, failure.getClass().getSimpleName());
                    return new TopicPartition(deadLetterTopic, -1);
                });
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(maxRetries);
        backOff.setInitialInterval(200);
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(5_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class);
        return handler;
    }

    @Bean
    @ConditionalOnBean(JdbcClient.class)
    @ConditionalOnMissingBean
    ProcessedEvents processedEvents(JdbcClient jdbc) {
        return new ProcessedEvents(jdbc);
    }
}
