package se.samverkan.cases.config;

import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's embedded event store as its auto-configuration builds it, but for how often it looks for events committed
 * by another instance. Its default is once a second: with three replicas (infra/k8s), two of every three commands are
 * committed elsewhere, and their events reached this instance's processors up to a second late (issue 12: event →
 * audit entry ≤ 500 ms). A commit on this instance wakes the store at once whatever the delay.
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                  EventStoreProperties properties) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(properties.fetchDelay().toMillis())
                .build();
    }
}
