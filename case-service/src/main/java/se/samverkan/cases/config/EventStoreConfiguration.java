package se.samverkan.cases.config;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;

/**
 * Axon's event store on Flyway's tables through JDBC (issue 12: no Hibernate in case-service, whose classes and
 * code were about 50 MB of its memory for four tables).
 * <p>
 * The embedded store is built as Axon's auto-configuration builds it, but for how often it looks for events committed
 * by another instance. Its default is once a second: with three replicas (infra/k8s), two of every three commands are
 * committed elsewhere, and their events reached this instance's processors up to a second late (issue 12: event →
 * audit entry ≤ 500 ms). A commit on this instance wakes the store at once whatever the delay.
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

    /**
     * Axon's JDBC engine names its tables and columns in camel case; ours are Flyway's in snake case (V1, from the
     * time of the JPA engine, whose entity names Hibernate translated). The engine itself: {@link CaseSnapshots}.
     */
    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                // every read also selects the row's MAC (AuthenticEventStorageEngine, V35)
                .domainEventFields(AuthenticEventStorageEngine::domainEventFields)
                .trackedEventFields(AuthenticEventStorageEngine::trackedEventFields)
                .build();
    }

    /**
     * Axon's JDBC and transaction auto-configurations wait for a DataSource and a transaction manager that, under
     * Spring Boot 4, are defined after they look: they back off, and without these beans the processors would keep
     * their positions in memory and replay the whole store at every start, and a command's events, its access event
     * ({@code access.WriteAccess}) and its read-model rows would each commit on their own (Axon's no-op fallback).
     */
    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactions) {
        return new SpringTransactionManager(transactions);
    }

    @Bean
    ConnectionProvider connectionProvider(DataSource dataSource) {
        // the connection of the Spring transaction in progress, so events, tokens and our own rows commit together
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer) {
        TokenSchema schema = new TokenSchema.Builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
        return JdbcTokenStore.builder().connectionProvider(connectionProvider).schema(schema).serializer(serializer)
                .build();
    }

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
