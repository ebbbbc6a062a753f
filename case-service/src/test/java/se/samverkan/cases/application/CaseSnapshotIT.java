package se.samverkan.cases.application;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.cases.config.SnapshotProperties;
import se.samverkan.cases.domain.CaseCommand.RecordJointPoliceMeeting;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.support.CaseStreams;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.platform.test.TestUser;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12, "the case view read from a snapshot plus the tail": a case with 10,000 events is read from its latest
 * snapshot and at most the snapshot threshold of events after it (counted, not timed: timing is the benchmark's), and
 * what it reads is exactly what folding all 10,000 events gives.
 */
class CaseSnapshotIT extends IntegrationTest {

    static final int EVENTS = 10_000;
    /** Sent through the aggregate at the end, as users would: each one may snapshot the case. */
    static final int COMMANDS = 250;

    @Autowired
    EventStore eventStore;

    @Autowired
    CaseFiles caseFiles;

    @Autowired
    CommandGateway commands;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    SnapshotProperties snapshots;

    @Autowired
    EventStorageEngine storage;

    @Test
    void aTenThousandEventCaseIsReadFromItsSnapshotAndAtMostTheThresholdOfEventsAfterIt() {
        UUID caseId = openCase(TestUser.SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE", TestUser.SOCIAL_WORKER.id());
        CaseId id = new CaseId(caseId);
        // the bulk goes straight into the case's stream (fast)
        streams().appendMeetings(id, EVENTS - COMMANDS - (int) (caseFiles.currentVersion(id) + 1), today());
        long bulkEnd = caseFiles.currentVersion(id);
        // the bulk went around the aggregate, so no command has snapshotted the case: the first read does
        // (LateSnapshots), so that the first command does not fold all 9,750 events inside its transaction bound
        // (command-transaction-timeout, 5 s in tests), which a loaded CI machine once could not do
        assertThat(get(TestUser.SOCIAL_WORKER, "/api/cases/" + caseId).status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT max(sequence_number) FROM snapshot_event_entry WHERE aggregate_identifier = ?")
                .param(caseId.toString()).query(Long.class).optional()).contains(bulkEnd);
        for (int i = 0; i < COMMANDS; i++) {
            commands.sendAndWait(new RecordJointPoliceMeeting(id, today(), null, TestUser.SOCIAL_WORKER.actor(), Instant.now()));
        }
        long lastEvent = caseFiles.currentVersion(id);
        assertThat(lastEvent).isEqualTo(EVENTS - 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                        "SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?")
                .param(caseId.toString()).query(Long.class).single() > 0);

        // from the store, as a read on another instance (or after the kept file expired) starts: this instance's
        // memory of the file read above holds it at the version before the 250 commands, which it folds from there
        CaseFiles.Folded stored = CaseFiles.fold(eventStore.readEvents(caseId.toString()));
        CaseFiles.Folded read = caseFiles.read(id);
        System.out.printf("CaseSnapshotIT: a case of %d events read from its snapshot plus %d events (threshold %d)%n",
                lastEvent + 1, stored.eventsAfterSnapshot(), snapshots.threshold());

        assertThat(stored.fromSnapshot()).isTrue();
        assertThat(stored.eventsAfterSnapshot()).isLessThanOrEqualTo(snapshots.threshold() + 2);
        assertThat(stored.file().version()).isEqualTo(lastEvent);
        assertThat(read.file().version()).as("reads see their own writes").isEqualTo(lastEvent);
        assertThat(read.file().snapshot()).isEqualTo(stored.file().snapshot());
        CaseFile everyEvent = CaseFiles.fold(eventStore.readEvents(caseId.toString(), 0)).file();
        // read in batches of 100 that end at the first short one (CaseSnapshots.lastBatchIsShort)
        assertThat(everyEvent.version()).isEqualTo(lastEvent);
        assertThat(read.file().snapshot()).as("the same as folding every event").isEqualTo(everyEvent.snapshot());

        Response view = get(TestUser.SOCIAL_WORKER, "/api/cases/" + caseId);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.header("ETag")).contains(Long.toString(lastEvent));
        assertThat(view.body()).contains("Kim Testsson");

        // a write right after a read is checked against the version the read gave, snapshot or not
        commands.sendAndWait(new RecordJointPoliceMeeting(id, today(), lastEvent, TestUser.SOCIAL_WORKER.actor(), Instant.now()));
        assertThat(caseFiles.read(id).file().version()).isEqualTo(lastEvent + 1);

        // the read models follow every event; the next ITs must not wait behind this case's 10,000
        await().atMost(Duration.ofMinutes(3)).until(() -> jdbc.sql("SELECT version FROM case_summary WHERE case_id = ?")
                .param(caseId).query(Long.class).optional().orElse(-1L) == lastEvent + 1);
    }

    /**
     * The latest snapshot stays opened in memory between loads, but only while it is still the latest stored: one that
     * another instance stored since is the one the next load starts from, and the events after it follow as usual.
     */
    @Test
    void aSnapshotStoredSinceTheKeptOneIsTheOneTheNextLoadStartsFrom() {
        UUID caseId = openCase(TestUser.SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE", TestUser.SOCIAL_WORKER.id());
        CaseId id = new CaseId(caseId);
        assertThat(post(TestUser.SOCIAL_WORKER, "/api/cases/" + caseId + "/notes", "{\"text\":\"Samtal.\"}").status()).isEqualTo(201);
        appendMeetings(id, snapshots.threshold() + 5);
        commands.sendAndWait(new RecordJointPoliceMeeting(id, today(), null, TestUser.SOCIAL_WORKER.actor(), Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> storage.readSnapshot(caseId.toString()).isPresent());
        long kept = storage.readSnapshot(caseId.toString()).orElseThrow().getSequenceNumber();
        assertThat(storage.readSnapshot(caseId.toString()).orElseThrow().getSequenceNumber()).isEqualTo(kept);

        // "another instance": more events, and a snapshot of them stored behind this instance's back
        appendMeetings(id, 3);
        CaseFile whole = CaseFiles.fold(eventStore.readEvents(caseId.toString(), 0)).file();
        new TransactionTemplate(transactions).executeWithoutResult(status -> storage.storeSnapshot(
                new GenericDomainEventMessage<>("CaseAggregate", caseId.toString(), whole.version(), whole.snapshot())));

        DomainEventMessage<?> latest = storage.readSnapshot(caseId.toString()).orElseThrow();
        assertThat(latest.getSequenceNumber()).isEqualTo(whole.version()).isGreaterThan(kept);
        assertThat(latest.getPayload()).isEqualTo(whole.snapshot());
        commands.sendAndWait(new RecordJointPoliceMeeting(id, today(), whole.version(), TestUser.SOCIAL_WORKER.actor(), Instant.now()));
        CaseFiles.Folded read = caseFiles.read(id);
        assertThat(read.file().version()).isEqualTo(whole.version() + 1);
        assertThat(read.file().snapshot()).isEqualTo(CaseFiles.fold(eventStore.readEvents(caseId.toString(), 0)).file().snapshot());
    }

    private void appendMeetings(CaseId id, int count) {
        streams().appendMeetings(id, count, today());
    }

    private CaseStreams streams() {
        return new CaseStreams(eventStore, transactions);
    }
}
