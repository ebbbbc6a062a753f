package se.samverkan.cases.application;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.cases.config.SnapshotProperties;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.domain.CaseSnapshot;
import se.samverkan.cases.storedevents.StoredEventNames;
import se.samverkan.cases.support.CaseStreams;
import se.samverkan.cases.support.IntegrationTest;
import se.samverkan.platform.test.TestUser;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots taken outside commands ({@link LateSnapshots}): a case whose usable snapshot lags far behind its events is
 * snapshotted by the next read, or by the catch-up job, so no command has to fold it whole inside its transaction.
 */
class LateSnapshotsIT extends IntegrationTest {

    @Autowired
    EventStore eventStore;

    @Autowired
    EventStorageEngine storage;

    @Autowired
    CaseFiles caseFiles;

    @Autowired
    LateSnapshots lateSnapshots;

    @Autowired
    SnapshotProperties snapshots;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    MeterRegistry meters;

    @Test
    void aReadThatFoldsMoreThanTheThresholdOfEventsStoresTheFileItFoldedAsTheSnapshot() {
        CaseId id = new CaseId(openCase(TestUser.SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE", TestUser.SOCIAL_WORKER.id()));
        appendMeetings(id, snapshots.threshold() * 3); // around the aggregate, as an import would: no command snapshotted it
        long last = caseFiles.currentVersion(id);
        assertThat(storage.readSnapshot(id.toString())).isEmpty();

        assertThat(get(TestUser.SOCIAL_WORKER, "/api/cases/" + id).status()).isEqualTo(200);

        DomainEventMessage<?> snapshot = storage.readSnapshot(id.toString()).orElseThrow(
                () -> new AssertionError("the read stored no snapshot"));
        assertThat(snapshot.getSequenceNumber()).isEqualTo(last);
        assertThat(snapshot.getPayload()).isEqualTo(everyEvent(id).snapshot());
        // the write after it starts from the snapshot and is checked against the version the read gave
        assertThat(post(TestUser.SOCIAL_WORKER, "/api/cases/" + id + "/notes", "{\"text\":\"Efter importen.\"}",
                "If-Match", "\"" + last + "\"").status()).isEqualTo(201);
        assertThat(caseFiles.read(id).file().snapshot()).isEqualTo(everyEvent(id).snapshot());
    }

    @Test
    void aReadWithinTheThresholdStoresNothing() {
        CaseId id = new CaseId(openCase(TestUser.SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE", TestUser.SOCIAL_WORKER.id()));
        appendMeetings(id, snapshots.threshold() - 5);

        assertThat(caseFiles.read(id).eventsAfterSnapshot()).isLessThanOrEqualTo(snapshots.threshold());
        assertThat(storage.readSnapshot(id.toString())).isEmpty();
        assertThat(lateSnapshots.lagging()).doesNotContain(id.toString());
    }

    /**
     * A case written through the API is snapshotted by its commands as it grows; its reads, whose kept file sees none
     * of those snapshots, ask the store before writing one of their own, and find none is needed.
     */
    @Test
    void aCaseWrittenThroughCommandsIsSnapshottedByThemAndNotAgainByItsReads() {
        CaseId id = new CaseId(openCase(TestUser.SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE", TestUser.SOCIAL_WORKER.id()));
        double before = storedByReads();
        int notes = snapshots.threshold() * 2 + 20;
        for (int i = 0; i < notes; i++) {
            assertThat(post(TestUser.SOCIAL_WORKER, "/api/cases/" + id + "/notes", "{\"text\":\"Samtal " + i + ".\"}").status())
                    .isEqualTo(201);
        }

        assertThat(storage.readSnapshot(id.toString()).map(DomainEventMessage::getSequenceNumber).orElse(-1L))
                .as("the commands snapshot the case").isGreaterThanOrEqualTo(snapshots.threshold());
        assertThat(storedByReads()).as("no read stored a snapshot of its own").isEqualTo(before);
        assertThat(caseFiles.read(id).file().snapshot()).isEqualTo(everyEvent(id).snapshot());
    }

    private double storedByReads() {
        return meters.counter("samverkan.cases.snapshots.late", "by", "read").count();
    }

    /** A refused insert would end the caller's transaction with it, so a read inside one leaves the snapshot to later. */
    @Test
    void aReadInsideATransactionLeavesTheSnapshotToTheNextPlainReadOrTheCatchUp() {
        CaseId id = new CaseId(openCase(TestUser.SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE", TestUser.SOCIAL_WORKER.id()));
        appendMeetings(id, snapshots.threshold() + 10);

        new TransactionTemplate(transactions).executeWithoutResult(status -> caseFiles.read(id));
        assertThat(storage.readSnapshot(id.toString())).isEmpty();
        assertThat(lateSnapshots.lagging()).contains(id.toString());

        // the file is kept in memory now, so this read folds nothing new; it still knows the case is unsnapshotted
        assertThat(caseFiles.read(id).eventsAfterSnapshot()).isZero();
        assertThat(storage.readSnapshot(id.toString()).map(DomainEventMessage::getSequenceNumber))
                .contains(caseFiles.currentVersion(id));
        assertThat(lateSnapshots.lagging()).doesNotContain(id.toString());
    }

    /**
     * After an upgrade that changed the snapshot's revision every stored snapshot is unusable; the catch-up replaces
     * them, also where the case has not changed since (the new snapshot has the old one's sequence number).
     */
    @Test
    void theCatchUpReplacesSnapshotsOfAnOlderRevisionEvenAtTheSameSequenceNumber() {
        CaseId unchanged = new CaseId(openCase(TestUser.SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE", TestUser.SOCIAL_WORKER.id()));
        appendMeetings(unchanged, snapshots.threshold() + 10);
        CaseId grown = new CaseId(openCase(TestUser.SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE", TestUser.SOCIAL_WORKER.id()));
        appendMeetings(grown, snapshots.threshold() + 10);
        for (CaseId id : List.of(unchanged, grown)) {
            CaseFile file = everyEvent(id);
            new TransactionTemplate(transactions).executeWithoutResult(s -> storage.storeSnapshot(CaseFiles.snapshotOf(file)));
            superuser.sql("UPDATE snapshot_event_entry SET payload_revision = 'an-older-one' WHERE aggregate_identifier = ?")
                    .param(id.toString()).update();
        }
        appendMeetings(grown, 3);
        assertThat(lateSnapshots.lagging()).contains(unchanged.toString(), grown.toString());

        assertThat(lateSnapshots.catchUp()).isGreaterThanOrEqualTo(2);

        for (CaseId id : List.of(unchanged, grown)) {
            List<Map<String, Object>> rows = jdbc.sql(
                            "SELECT sequence_number, payload_revision FROM snapshot_event_entry WHERE aggregate_identifier = ?")
                    .param(id.toString()).query().listOfRows();
            assertThat(rows).as("only the current revision is left").containsExactly(Map.of(
                    "sequence_number", caseFiles.currentVersion(id),
                    "payload_revision", StoredEventNames.revisionOf(CaseSnapshot.class)));
            assertThat(storage.readSnapshot(id.toString()).orElseThrow().getPayload()).isEqualTo(everyEvent(id).snapshot());
        }
        assertThat(lateSnapshots.lagging()).doesNotContain(unchanged.toString(), grown.toString());
    }

    private CaseFile everyEvent(CaseId id) {
        return CaseFiles.fold(eventStore.readEvents(id.toString(), 0)).file();
    }

    private void appendMeetings(CaseId id, int count) {
        new CaseStreams(eventStore, transactions).appendMeetings(id, count, today());
    }
}
