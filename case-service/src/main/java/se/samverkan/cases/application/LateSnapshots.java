package se.samverkan.cases.application;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.cases.config.SnapshotProperties;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseSnapshot;
import se.samverkan.cases.storedevents.StoredEventNames;

import java.util.List;

/**
 * Snapshots taken outside commands. A command folds its case inside its transaction, which PostgreSQL ends after
 * {@code command-transaction-timeout}, and snapshots the case only after it commits. A case whose usable snapshot is
 * far behind its events (events imported around the aggregate, or only snapshots of an older revision after an
 * upgrade) is replayed whole by every command until one commits, and a case long enough to outlast the bound would
 * fail every command and never get the snapshot that lets them pass.
 * <p>
 * So a read (every write reads its case first, for the access decision) that folded more than the threshold stores
 * the file it just folded, in a transaction of its own; and a job finds the cases whose usable snapshot lags by more
 * than the threshold and snapshots them one by one, each fold in the store's short batch reads.
 */
@Component
public class LateSnapshots {

    private static final Logger log = LoggerFactory.getLogger(LateSnapshots.class);

    /**
     * The snapshots a load reads: this name and revision ({@code CaseSnapshots.currentSnapshotsOnly}), with a MAC (one
     * without, stored before MACs, is never used: {@code config.AuthenticEventStorageEngine}).
     */
    private static final String USABLE = "payload_type = :name AND payload_revision IS NOT DISTINCT FROM :revision"
            + " AND mac IS NOT NULL";

    private final EventStore eventStore;
    private final JdbcClient jdbc;
    private final SnapshotProperties properties;
    private final TransactionTemplate transactions;
    private final Counter storedByRead;
    private final Counter storedByCatchUp;
    private final Counter notStored;

    public LateSnapshots(EventStore eventStore, JdbcClient jdbc, PlatformTransactionManager transactions,
                         SnapshotProperties properties, MeterRegistry meters) {
        this.eventStore = eventStore;
        this.transactions = new TransactionTemplate(transactions);
        this.jdbc = jdbc;
        this.properties = properties;
        this.storedByRead = stored(meters, "read");
        this.storedByCatchUp = stored(meters, "catch-up");
        this.notStored = Counter.builder("samverkan.cases.snapshots.not.stored")
                .description("snapshots a read or the catch-up computed and could not store (a shredded key, the database)")
                .register(meters);
    }

    private static Counter stored(MeterRegistry meters, String by) {
        return Counter.builder("samverkan.cases.snapshots.late")
                .description("case snapshots stored outside commands, because the usable one lagged the threshold")
                .tag("by", by)
                .register(meters);
    }

    /**
     * A read folded a file at most {@code unsnapshotted} events past the case's latest usable snapshot. Past the
     * threshold, the stored snapshots are asked how far behind the latest really is (the commands on this and other
     * instances snapshot as they go, which a kept file does not see); the file is stored as the snapshot only if that
     * is past the threshold too. Answers how many events the file is now past the latest usable snapshot, at most.
     */
    long afterRead(CaseFile file, long unsnapshotted) {
        if (unsnapshotted <= properties.threshold() || !file.exists()) {
            return unsnapshotted;
        }
        long behind;
        try {
            behind = file.version() - latestUsableSnapshot(file.caseId().toString());
        } catch (RuntimeException e) {
            // the read has its file; a snapshot is only ever a saving, never a reason for the read to fail
            log.debug("Could not ask for a case's latest snapshot ({})", e.getClass().getSimpleName());
            return unsnapshotted;
        }
        if (behind <= properties.threshold()) {
            return Math.max(0, behind);
        }
        return store(file, storedByRead) ? 0 : unsnapshotted;
    }

    /** The sequence number of the case's latest snapshot of this name and revision, or -1. */
    private long latestUsableSnapshot(String caseId) {
        return usable(jdbc.sql("SELECT coalesce(max(sequence_number), -1) FROM snapshot_event_entry"
                + " WHERE aggregate_identifier = :caseId AND " + USABLE))
                .param("caseId", caseId)
                .query(Long.class).single();
    }

    /**
     * Snapshots every case whose latest usable snapshot (this name and revision) is more than the threshold of events
     * behind, and answers how many it stored.
     */
    public int catchUp() {
        int stored = 0;
        for (String caseId : lagging()) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            try {
                CaseFile file = CaseFiles.fold(eventStore.readEvents(caseId)).file();
                if (file.exists() && store(file, storedByCatchUp)) {
                    stored++;
                }
            } catch (RuntimeException e) {
                notStored.increment();
                log.warn("A lagging case could not be folded for its snapshot ({})", e.getClass().getSimpleName());
            }
        }
        if (stored > 0) {
            log.info("Snapshotted {} cases whose usable snapshot lagged more than {} events", stored, properties.threshold());
        }
        return stored;
    }

    @Scheduled(initialDelayString = "${samverkan.cases.snapshots.catch-up-delay:30s}",
            fixedDelayString = "${samverkan.cases.snapshots.catch-up-interval:6h}")
    void scheduledCatchUp() {
        if (properties.catchUp()) {
            catchUp();
        }
    }

    /**
     * One pass over the events' (case, sequence number) key, which an index holds; events published outside a case
     * (Axon stores them at sequence number 0 under their own id) never lag.
     */
    List<String> lagging() {
        return usable(jdbc.sql("""
                        SELECT e.aggregate_identifier
                        FROM domain_event_entry e
                        LEFT JOIN (SELECT aggregate_identifier, max(sequence_number) AS sequence_number
                                   FROM snapshot_event_entry
                                   WHERE %s
                                   GROUP BY aggregate_identifier) s ON s.aggregate_identifier = e.aggregate_identifier
                        GROUP BY e.aggregate_identifier, s.sequence_number
                        HAVING max(e.sequence_number) - coalesce(s.sequence_number, -1) > :threshold
                        ORDER BY max(e.sequence_number) - coalesce(s.sequence_number, -1) DESC""".formatted(USABLE)))
                .param("threshold", properties.threshold())
                .query(String.class).list();
    }

    private static JdbcClient.StatementSpec usable(JdbcClient.StatementSpec statement) {
        return statement.param("name", StoredEventNames.CASE_SNAPSHOT)
                .param("revision", StoredEventNames.revisionOf(CaseSnapshot.class));
    }

    private boolean store(CaseFile file, Counter stored) {
        if (TransactionSynchronizationManager.isActualTransactionActive() || CurrentUnitOfWork.isStarted()) {
            // a refused insert would end the caller's transaction with it; a plain read or the job stores it instead
            return false;
        }
        try {
            transactions.executeWithoutResult(status -> {
                // an unusable snapshot at the same sequence number (a case unchanged since an upgrade) would hold the
                // new one's key; being a cache nothing reads, it goes like the older ones (the store's own delete)
                usable(jdbc.sql("DELETE FROM snapshot_event_entry WHERE aggregate_identifier = :caseId AND NOT (" + USABLE + ")"))
                        .param("caseId", file.caseId().toString())
                        .update();
                eventStore.storeSnapshot(CaseFiles.snapshotOf(file));
            });
            stored.increment();
            return true;
        } catch (RuntimeException e) {
            // expected after a shred: a snapshot is never sealed under a fresh key (SealingEventSerializer)
            notStored.increment();
            log.debug("A case snapshot was not stored ({}); the case is folded from its events until one is",
                    e.getClass().getSimpleName());
            return false;
        }
    }
}
