package se.samverkan.notification.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    // The dead-letter topic samverkan.dlt.notification-service is not created here: the service may not create topics
    // on the broker (infra/kafka/acls.txt); it is in infra/kafka/topics.txt with the others.
}
