package se.samverkan.platform.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.springframework.beans.factory.ObjectProvider;
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
import se.samverkan.contracts.signing.EventSigner;

/**
 * Kafka conventions shared by all services: structured CloudEvents out, and for every consumer group the error
 * handling of {@link ConsumerErrorHandling} with a dead-letter topic {@code samverkan.dlt.<group>}. Nothing is dropped.
 * Every client logs in to the broker as the service ({@link KafkaClientSecurity}).
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaTemplate.class)
public class PlatformKafkaConfiguration {

    /** PLAINTEXT (no login) only in development mode; checked before any bean (or broker connection) exists. */
    @Bean
    static KafkaClientSecurityChecks.StartupCheck kafkaClientSecurityStartupCheck() {
        return new KafkaClientSecurityChecks.StartupCheck();
    }

    /** Every producer, consumer and admin client logs in as the service (samverkan.kafka.*). */
    @Bean
    static KafkaClientSecurityChecks.ApplyToClients kafkaClientSecurity() {
        return new KafkaClientSecurityChecks.ApplyToClients();
    }

    @Bean
    @ConditionalOnBean(KafkaTemplate.class)
    @ConditionalOnMissingBean
    @SuppressWarnings("unchecked")
    CloudEventPublisher cloudEventPublisher(KafkaTemplate<?, ?> kafka, EventSigner signer,
                                            ObjectProvider<se.samverkan.platform.observability.EventTracing> tracing) {
        return new CloudEventPublisher((KafkaTemplate<String, byte[]>) kafka, signer,
                tracing.getIfAvailable(() -> se.samverkan.platform.observability.EventTracing.NONE));
    }

    @Bean
    @ConditionalOnBean(KafkaTemplate.class)
    @ConditionalOnProperty("spring.kafka.consumer.group-id")
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    @SuppressWarnings("unchecked")
    CommonErrorHandler deadLetteringErrorHandler(KafkaTemplate<?, ?> kafka,
                                                 @Value("${spring.kafka.consumer.group-id}") String group,
                                                 @Value("${samverkan.kafka.max-retries:6}") int maxRetries,
                                                 ObjectProvider<MeterRegistry> meters) {
        return ConsumerErrorHandling.deadLettering((KafkaOperations<Object, Object>) kafka, group, maxRetries,
                meters.getIfAvailable(() -> Metrics.globalRegistry));
    }

    @Bean
    @ConditionalOnBean(JdbcClient.class)
    @ConditionalOnMissingBean
    ProcessedEvents processedEvents(JdbcClient jdbc) {
        return new ProcessedEvents(jdbc);
    }
}
