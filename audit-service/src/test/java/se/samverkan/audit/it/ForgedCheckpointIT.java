package se.samverkan.audit.it;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.audit.log.CheckpointNotes;
import se.samverkan.audit.log.CheckpointSigner;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.LogIntegrity;
import se.samverkan.audit.log.LogStore;
import se.samverkan.audit.log.LogUnavailableException;
import se.samverkan.audit.log.PendingEntry;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.audit.log.StoredCheckpoint;
import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.tlog.SignedNote;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.platform.test.TestEventKeys;
import se.samverkan.platform.test.TestUser;
import se.samverkan.signing.SignedEnvelope;
import tools.jackson.databind.node.ObjectNode;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.audit.it.RuntimeRoleRows.superuser;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The runtime role may INSERT checkpoint rows, but cannot sign one. Only a new leader's start passed over a row whose
 * note does not verify: the public latest checkpoint, the witness side, the gauges and the integrity pass took the
 * newest row as it was, and a row at the size the sequencer reached next was returned as the checkpoint it issued.
 */
class ForgedCheckpointIT extends AuditServiceITBase {

    @Autowired Sequencer sequencer;
    @Autowired LogStore store;
    @Autowired CheckpointNotes notes;
    @Autowired CheckpointSigner signer;
    @Autowired LogIntegrity integrity;
    @Autowired MeterRegistry meters;
    @Autowired se.samverkan.audit.review.OutboxPublisher outbox;
    @org.springframework.beans.factory.annotation.Value("${samverkan.audit.publish-batch-size:500}") int publishBatchSize;

    @Test
    void aLargerCheckpointRowTheLogDidNotSignIsNotServedAsTheLatest_byTheComplianceOrTheWitnessSide() {
        logOfAtLeast(3);
        NoteKeys.Verifier logKey = NoteKeys.parseVerifier(signer.verifierKey());
        double violationsBefore = violations();
        List<Long> forged = new ArrayList<>();
        try {
            // a larger tree, an arbitrary root, a note the log never signed
            long ahead = sequencer.checkpointNow().treeSize() + 1_000;
            forge(ahead);
            forged.add(ahead);

            var latest = json(get("/api/audit/checkpoints/latest", TestUser.COMPLIANCE_OFFICER));
            assertThat(latest.get("treeSize").asLong()).as("the genuine latest checkpoint").isLessThan(ahead);
            assertThat(Checkpoint.parse(SignedNote.open(latest.get("signedNote").asString(), logKey)).treeSize())
                    .isEqualTo(latest.get("treeSize").asLong());
            var witnessSide = get("/api/audit/witness/checkpoint", (String) null);
            assertThat(witnessSide.statusCode()).isEqualTo(200);
            assertThat(Checkpoint.parse(SignedNote.open(witnessSide.body(), logKey)).treeSize()).isLessThan(ahead);
            assertThat(get("/api/audit/checkpoints/" + ahead, TestUser.COMPLIANCE_OFFICER).statusCode()).isEqualTo(404);
            double counted = violations();
            assertThat(counted).as("counted").isGreaterThan(violationsBefore);
            get("/api/audit/checkpoints/latest", TestUser.COMPLIANCE_OFFICER);
            get("/api/audit/witness/checkpoint", (String) null);
            assertThat(violations()).as("once per row, however often it is read").isEqualTo(counted);
            assertThat(integrity.verdict().status()).isEqualTo("DOWN");
            assertThat(integrity.verdict().problems()).anySatisfy(problem -> assertThat(problem)
                    .startsWith("checkpoint at tree size " + ahead + ":"));
        } finally {
            forged.forEach(size -> superuser("DELETE FROM checkpoints WHERE tree_size = " + size));
        }
        integrity.check();
        assertThat(integrity.verdict().problems()).noneSatisfy(problem -> assertThat(problem).startsWith("checkpoint at tree size"));
    }

    @Test
    void aCheckpointRowTheLogDidNotSignAtTheSizeItReachesNextIsNotTakenAsIssued() {
        byte[] copied = ownSearchEntry();
        double violationsBefore = violations();
        List<Long> forged = new ArrayList<>();
        try {
            // a row at the size the sequencer reaches next is not what it issues (other entries may come in meanwhile: again)
            long next = -1;
            for (int attempt = 0; attempt < 5 && next < 0; attempt++) {
                long size = sequencer.checkpointNow().treeSize() + 1;
                forge(size);
                forged.add(size);
                sequencer.append(genuine(copied));
                if (sequencer.size() == size) {
                    next = size;
                } else {
                    superuser("DELETE FROM checkpoints WHERE tree_size = " + size);
                    forged.remove((Long) size);
                }
            }
            assertThat(next).as("a quiet moment to append one entry").isPositive();
            long occupied = next;
            assertThatThrownBy(sequencer::checkpointNow).as("not issued at that size").isInstanceOf(LogUnavailableException.class);
            StoredCheckpoint inTheWay = store.checkpoint(next).orElseThrow();
            assertThat(notes.signs(inTheWay)).isFalse();
            assertThat(json(get("/api/audit/checkpoints/latest", TestUser.COMPLIANCE_OFFICER)).get("treeSize").asLong()).isLessThan(next);
            assertThat(integrity.verdict().problems()).anySatisfy(problem -> assertThat(problem)
                    .startsWith("checkpoint at tree size " + occupied + ":"));
            assertThat(violations()).as("counted").isGreaterThan(violationsBefore);

            // the log goes on: the next size is signed and served
            sequencer.append(genuine(copied));
            StoredCheckpoint after = sequencer.checkpointNow();
            assertThat(after.treeSize()).isGreaterThan(next);
            assertThat(notes.signs(after)).isTrue();
            var served = json(get("/api/audit/checkpoints/latest", TestUser.COMPLIANCE_OFFICER));
            assertThat(served.get("treeSize").asLong()).isGreaterThanOrEqualTo(after.treeSize());
            // announced on Kafka as issued: the genuine one is, the forged row never (it once moved the publisher's
            // watermark past every genuine checkpoint below it)
            assertThat(readTopic(se.samverkan.contracts.Topics.AUDIT_CHECKPOINTS, r -> issuedAt(r.value()) == after.treeSize(),
                    java.time.Duration.ofSeconds(20))).hasSize(1);
            assertThat(readTopic(se.samverkan.contracts.Topics.AUDIT_CHECKPOINTS, r -> issuedAt(r.value()) == occupied,
                    java.time.Duration.ofSeconds(2))).isEmpty();
        } finally {
            forged.forEach(size -> superuser("DELETE FROM checkpoints WHERE tree_size = " + size));
        }
        integrity.check();
        assertThat(integrity.verdict().problems()).noneSatisfy(problem -> assertThat(problem).startsWith("checkpoint at tree size"));
    }

    /**
     * A row at a size below the latest checkpoint this log signed was refused when looked up by its size, and nothing
     * else ever read it: no alert, no count, the integrity health UP for as long as it stood.
     */
    @Test
    void aCheckpointRowTheLogDidNotSignBelowTheLatestSignedOneIsReportedByTheIntegrityPass() {
        long below = sizeNoCheckpointHolds(sequencer);
        double violationsBefore = violations();
        try {
            forge(below);
            assertThat(json(get("/api/audit/checkpoints/latest", TestUser.COMPLIANCE_OFFICER)).get("treeSize").asLong())
                    .isGreaterThan(below);
            assertThat(get("/api/audit/checkpoints/" + below, TestUser.COMPLIANCE_OFFICER).statusCode()).isEqualTo(404);

            integrity.check();
            assertThat(integrity.verdict().status()).isEqualTo("DOWN");
            assertThat(integrity.verdict().problems()).anySatisfy(problem -> assertThat(problem)
                    .startsWith("checkpoint at tree size " + below + ":"));
            assertThat(integrity.health().getStatus().getCode()).isEqualTo("DOWN");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM checkpoint_seals WHERE tree_size IN (?, ?)", Long.class,
                    below - 1, below)).as("the genuine row below it sealed, the forged one not").isEqualTo(1);
            double counted = violations();
            assertThat(counted).as("counted").isGreaterThan(violationsBefore);
            integrity.check();
            get("/api/audit/checkpoints/" + below, TestUser.COMPLIANCE_OFFICER);
            assertThat(integrity.verdict().problems()).as("while it stands").anySatisfy(problem -> assertThat(problem)
                    .startsWith("checkpoint at tree size " + below + ":"));
            assertThat(violations()).as("once per row, however often it is met").isEqualTo(counted);
        } finally {
            superuser("DELETE FROM checkpoints WHERE tree_size = " + below);
        }
        integrity.check();
        assertThat(integrity.verdict().problems()).noneSatisfy(problem -> assertThat(problem).startsWith("checkpoint at tree size"));
    }

    /** The tree size a record on the checkpoint topic announces as issued, or -1 for the topic's other records. */
    private static long issuedAt(byte[] value) {
        CloudEvent event = CloudEventCodec.fromBytes(value);
        return event.type().equals("se.samverkan.audit.checkpoint-issued.v1")
                ? CloudEventCodec.dataAs(event, se.samverkan.contracts.audit.CheckpointIssued.class).treeSize() : -1;
    }

    /**
     * A checkpoint row the log did not sign is never announced, yet the outbox's backlog gauge counted it: the backlog
     * alert stayed raised (and the oldest record's age grew) for as long as the row stood. Only signed rows count.
     */
    @Test
    void aCheckpointRowTheLogDidNotSignIsNoOutboxBacklog() {
        logOfAtLeast(3);
        long ahead = sequencer.checkpointNow().treeSize() + 2_000;
        try {
            forge(ahead);
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                outbox.publishPending();
                assertThat(meters.get("samverkan.outbox.backlog").tag("outbox", "audit-events").gauge().value())
                        .as("nothing the outbox would send").isZero();
            });
        } finally {
            superuser("DELETE FROM checkpoints WHERE tree_size = " + ahead);
        }
        integrity.check();
    }

    /**
     * The outbox read a batch of checkpoint rows from its watermark and passed over those the log did not sign, but
     * its watermark never moved past them: more of them than a batch, at sizes between the last checkpoint announced
     * and the next (sizes the log then passes, so none of its own comes there), kept every later checkpoint off the
     * topic for good. The next genuine checkpoint is announced, and none of the rows.
     */
    @Test
    void moreUnsignedCheckpointRowsThanABatchDoNotKeepTheNextCheckpointOffTheTopic() {
        byte[] copied = ownSearchEntry();
        int rows = publishBatchSize + 100;
        StoredCheckpoint announced = sequencer.checkpointNow();
        // the relay's own thread publishes (every 200 ms, as in production): a second caller of publishPending beside it
        // could claim and send the same checkpoint twice, and the topic is asserted to hold it once below
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> published(announced.eventId()));
        long from = announced.treeSize() + 1;
        long to = announced.treeSize() + rows;
        try {
            // ahead of the log, then passed by it in one submission: no checkpoint of the log's own comes between
            for (long size = from; size <= to; size++) {
                runtimeRole().checkpoint(signer.origin(), size);
            }
            List<PendingEntry> entries = new ArrayList<>();
            for (int n = 0; n < rows + 2; n++) {
                entries.add(genuine(copied));
            }
            sequencer.submit(entries).join();
            StoredCheckpoint next = sequencer.checkpointNow();
            assertThat(next.treeSize()).as("the next genuine checkpoint, above the rows").isGreaterThan(to);
            assertThat(notes.signs(next)).isTrue();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM checkpoints WHERE tree_size BETWEEN ? AND ?", Long.class, from, to))
                    .as("more rows the log did not sign than a batch, right after the checkpoint announced").isEqualTo(rows)
                    .isGreaterThan(publishBatchSize);

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> published(next.eventId()));
            assertThat(readTopic(se.samverkan.contracts.Topics.AUDIT_CHECKPOINTS, r -> issuedAt(r.value()) == next.treeSize(),
                    Duration.ofSeconds(20))).hasSize(1);
            assertThat(jdbc.queryForObject("""
                    SELECT count(*) FROM checkpoints c JOIN published_events p ON p.event_id = c.event_id
                    WHERE c.tree_size BETWEEN ? AND ?""", Long.class, from, to)).as("none of the rows announced").isZero();
        } finally {
            superuser("DELETE FROM checkpoints WHERE tree_size BETWEEN " + from + " AND " + to);
        }
        integrity.check();
        assertThat(integrity.verdict().problems()).noneSatisfy(problem -> assertThat(problem).startsWith("checkpoint at tree size"));
    }

    /**
     * Every reader of the latest checkpoint read down from the newest row, verifying each note (about a millisecond; the
     * memo of 4,096 answers does not hold 10,000), and the outbox's backlog gauge read every row from its watermark:
     * rows the runtime role inserted far ahead of the log made each read of the gauges, the public latest checkpoint,
     * the witness side and the integrity pass's target take seconds (100,000 rows: about 100 s each). Now the reads are
     * bounded by the size the sequencer signed, the rows are still reported, and the next checkpoint is still announced.
     */
    @Test
    void tenThousandUnsignedCheckpointRowsFarAheadOfTheLogSlowNoReaderAndAreStillReported() {
        byte[] copied = ownSearchEntry();
        StoredCheckpoint genuine = sequencer.checkpointNow();
        long from = genuine.treeSize() + 1_000_000;
        int rows = 10_000;
        double violationsBefore = violations();
        try {
            runtimeRole().checkpointsWithCopiedSignature(signer.origin(), from, rows, genuine.signedNote());
            assertThat(jdbc.queryForObject("SELECT count(*) FROM checkpoints WHERE tree_size >= ?", Long.class, from)).isEqualTo(rows);

            // three gauges, each read under 2 s, again and again for 1.5 s: the backlog's query runs at most once a
            // second, so at least one of these reads ran it
            await().atMost(Duration.ofSeconds(4)).during(Duration.ofMillis(1_500)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                assertThat(millisToRead(() -> gauge("samverkan.audit.checkpoint.age"))).as("checkpoint age").isLessThan(2_000);
                assertThat(millisToRead(() -> gauge("samverkan.audit.checkpoint.uncovered"))).as("uncovered entries").isLessThan(2_000);
                assertThat(millisToRead(() -> meters.get("samverkan.outbox.backlog").tag("outbox", "audit-events").gauge().value()))
                        .as("outbox backlog").isLessThan(2_000);
            });
            assertThat(gauge("samverkan.audit.checkpoint.age")).as("a signed checkpoint found").isNotNaN();
            assertThat(gauge("samverkan.audit.checkpoint.uncovered")).isNotNaN().isLessThan(1_000_000);
            assertThat(meters.get("samverkan.outbox.backlog").tag("outbox", "audit-events").gauge().value()).isNotNaN();

            long began = System.nanoTime();
            var latest = get("/api/audit/checkpoints/latest", TestUser.COMPLIANCE_OFFICER);
            assertThat((System.nanoTime() - began) / 1_000_000).as("the latest checkpoint, in ms").isLessThan(2_000);
            assertThat(latest.statusCode()).isEqualTo(200);
            assertThat(json(latest).get("treeSize").asLong()).isGreaterThanOrEqualTo(genuine.treeSize()).isLessThan(from);
            began = System.nanoTime();
            var witnessSide = get("/api/audit/witness/checkpoint", (String) null);
            assertThat((System.nanoTime() - began) / 1_000_000).as("the witness side's checkpoint, in ms").isLessThan(2_000);
            assertThat(Checkpoint.parse(SignedNote.open(witnessSide.body(), NoteKeys.parseVerifier(signer.verifierKey()))).treeSize())
                    .isLessThan(from);

            // still reported: the rows nearest the log one by one, the rest by their number; counted, the integrity DOWN
            assertThat(violations()).as("counted").isGreaterThan(violationsBefore);
            assertThat(integrity.verdict().status()).isEqualTo("DOWN");
            assertThat(integrity.verdict().problems()).anySatisfy(problem -> assertThat(problem).startsWith("checkpoint at tree size " + from + ":"));
            assertThat(integrity.verdict().problems()).anySatisfy(problem -> assertThat(problem)
                    .contains("more checkpoint row(s) above tree size", "up to tree size " + (from + rows - 1)));
            assertThat(integrity.check().getStatus().getCode()).isEqualTo("DOWN");
            assertThat(integrity.verdict().passTarget()).as("the pass's target: the signed checkpoint").isLessThan(from);

            // and the log goes on: its next checkpoint is signed and announced
            sequencer.append(genuine(copied));
            StoredCheckpoint next = sequencer.checkpointNow();
            assertThat(next.treeSize()).isGreaterThan(genuine.treeSize()).isLessThan(from);
            assertThat(notes.signs(next)).isTrue();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> published(next.eventId()));
            assertThat(readTopic(se.samverkan.contracts.Topics.AUDIT_CHECKPOINTS, r -> issuedAt(r.value()) == next.treeSize(),
                    Duration.ofSeconds(20))).hasSize(1);
        } finally {
            superuser("DELETE FROM checkpoints WHERE tree_size >= " + from);
        }
        integrity.check();
        assertThat(integrity.verdict().problems()).noneSatisfy(problem -> assertThat(problem.startsWith("checkpoint at tree size")
                || problem.contains("more checkpoint row(s)")).isTrue());
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private static long millisToRead(java.util.function.DoubleSupplier read) {
        long began = System.nanoTime();
        read.getAsDouble();
        return (System.nanoTime() - began) / 1_000_000;
    }

    private boolean published(UUID eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM published_events WHERE event_id = ?", Long.class, eventId) == 1;
    }

    /** As the runtime role, which may INSERT here: an arbitrary root, a note the log never signed. */
    private void forge(long treeSize) {
        byte[] root = runtimeRole().checkpoint(signer.origin(), treeSize);
        assertThat(MessageDigest.isEqual(store.checkpoint(treeSize).orElseThrow().rootHash(), root)).isTrue();
    }

    private double violations() {
        return meters.get("samverkan.audit.integrity.violations").counter().count();
    }
}
