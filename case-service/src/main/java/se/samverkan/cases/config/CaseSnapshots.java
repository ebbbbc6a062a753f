package se.samverkan.cases.config;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.AbstractSnapshotter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.samverkan.cases.application.CaseFiles;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseSnapshot;
import se.samverkan.cases.privacy.DataKeyCache;
import se.samverkan.cases.storedevents.ForgedRows;
import se.samverkan.cases.storedevents.StoredEventMacs;
import se.samverkan.cases.storedevents.StoredEventNames;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Snapshots of the case aggregate (issue 12): every {@link SnapshotProperties#threshold()} events a {@link CaseSnapshot}
 * of the case file is stored, through the sealing event serializer (Axon's default would use the plain one, leaving
 * personal data in the snapshot table readable after a shred). Only snapshots of the current name and revision are
 * read; any other is ignored and the case folded from its events.
 */
@Configuration
public class CaseSnapshots {

    @Bean
    SnapshotTriggerDefinition caseSnapshotTrigger(CaseSnapshotter snapshotter, SnapshotProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.threshold());
    }

    @Bean
    CaseSnapshotter caseSnapshotter(@Lazy EventStore eventStore, TransactionManager transactionManager) {
        CaseSnapshotter.Builder builder = new CaseSnapshotter.Builder();
        builder.eventStore(eventStore).transactionManager(transactionManager);
        return new CaseSnapshotter(builder);
    }

    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new PostgresDuplicateKeys();
    }

    /**
     * As Axon's JDBC auto-configuration, except that snapshots go through the sealing serializer and the filter, every
     * row carries and is checked against a MAC of the service ({@link AuthenticEventStorageEngine}; the key is derived
     * from the subject-pseudonym key, {@link StoredEventMacs}), and a case's latest snapshot stays opened in memory
     * briefly ({@link OpenedSnapshotStorageEngine}). Declared as the engine's own type so that it is also found as
     * {@link StoredEventsAt} (the publication manifests read the store by position through it).
     */
    @Bean
    OpenedSnapshotStorageEngine eventStorageEngine(@Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          EventSchema eventSchema,
                                          DataKeyCache dataKeyCache,
                                          CaseServiceProperties caseServiceProperties,
                                          SnapshotProperties snapshotProperties,
                                          EventStoreProperties eventStoreProperties,
                                          ForgedRows forgedRows,
                                          JdbcClient jdbc) {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .snapshotSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(currentSnapshotsOnly())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .batchSize(AGGREGATE_BATCH)
                .finalAggregateBatchPredicate(CaseSnapshots::lastBatchIsShort)
                .gapTimeout((int) eventStoreProperties.gapTimeout().toMillis());
        OpenedSnapshotStorageEngine engine = new OpenedSnapshotStorageEngine(builder,
                StoredEventMacs.fromSubjectPseudonymKey(caseServiceProperties.subjectPseudonymKey()), forgedRows,
                legacyBoundary(jdbc), currentSnapshotsOnly(), dataKeyCache, caseServiceProperties.dataKeyCacheTtl(),
                snapshotProperties.keptOpened());
        // Axon gives up an expired hole only once a token holds more than this many (default 250; its builder takes no
        // less than 1), or after 10,000 newer events: one refused command could hold the publication manifests back
        // for days. At 0 the first read after the gap timeout gives it up, for one short range query per read while
        // a hole is open (EventStoreGapsIT)
        engine.setGapCleaningThreshold(0);
        return engine;
    }

    static final int AGGREGATE_BATCH = 100;

    /**
     * The highest global index of the events stored before they carried MACs, as V35 recorded it in a table of the
     * schema owner's (the runtime role may only read it). It never changes, so it is read once, when an event without
     * a MAC is first met (a new installation meets none).
     */
    static LongSupplier legacyBoundary(JdbcClient jdbc) {
        AtomicLong boundary = new AtomicLong(Long.MIN_VALUE);
        return () -> {
            long known = boundary.get();
            if (known == Long.MIN_VALUE) {
                known = jdbc.sql("SELECT last_global_index_without_mac FROM event_store_mac_boundary")
                        .query(Long.class).single();
                boundary.set(known);
            }
            return known;
        };
    }

    /**
     * The JDBC engine reads a case's events by ranges of sequence numbers and, by default, asks once more after the
     * last event in case the range had holes; a case's sequence numbers have none (Axon numbers an aggregate's events
     * one by one, and the unique key refuses a second event at a number), so a range that comes back short is the end.
     * That saves a query on every load (each command, each read).
     */
    static boolean lastBatchIsShort(List<? extends DomainEventData<?>> batch) {
        return batch.size() < AGGREGATE_BATCH;
    }

    static SnapshotFilter currentSnapshotsOnly() {
        String revision = StoredEventNames.revisionOf(CaseSnapshot.class);
        return snapshot -> StoredEventNames.CASE_SNAPSHOT.equals(snapshot.getPayload().getType().getName())
                && revision.equals(snapshot.getPayload().getType().getRevision());
    }

    /** Folds the case the same way a read does ({@link CaseFiles#fold}) and stores the file as of its last event. */
    static class CaseSnapshotter extends AbstractSnapshotter {

        static class Builder extends AbstractSnapshotter.Builder {
        }

        CaseSnapshotter(Builder builder) {
            super(builder);
        }

        @Override
        protected DomainEventMessage<CaseSnapshot> createSnapshot(Class<?> aggregateType, String aggregateIdentifier,
                                                                  DomainEventStream eventStream) {
            CaseFile file = CaseFiles.fold(eventStream).file();
            if (!file.exists()) {
                return null;
            }
            return CaseFiles.snapshotOf(file);
        }
    }
}
