package se.samverkan.notification.config;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.TopicBuilder;
import se.samverkan.contracts.Topics;
import se.samverkan.platform.kafka.ProcessedEvents;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class InfrastructureConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ProcessedEvents processedEvents(JdbcClient jdbc) {
        return new ProcessedEvents(jdbc);
    }

    /** Created at start-up if missing, so a dead letter is never lost to a missing topic. */
    @Bean
    NewTopic deadLetterTopic(@Value("${spring.kafka.consumer.group-id}") String group,
                             @Value("${samverkan.kafka.dead-letter-partitions:3}") int partitions) {
        return TopicBuilder.name(Topics.deadLetter(group)).partitions(partitions).build();
    }
}
