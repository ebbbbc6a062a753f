package se.samverkan.audit.it;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.dao.DataIntegrityViolationException;
import se.samverkan.audit.log.CheckpointNotes;
import se.samverkan.audit.log.CheckpointSigner;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.EntrySignatures;
import se.samverkan.audit.log.IntegrityProperties;
import se.samverkan.audit.log.LogIntegrity;
import se.samverkan.audit.log.LogStore;
import se.samverkan.audit.log.LogUnavailableException;
import se.samverkan.audit.log.PendingEntry;
import se.samverkan.audit.log.SearchSeals;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.audit.log.StoredCheckpoint;
import se.samverkan.audit.log.UnexpectedLeaves;
import se.samverkan.audit.tlog.CompactRange;
import se.samverkan.audit.tlog.MerkleProofs;
import se.samverkan.audit.tlog.Rfc6962;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.platform.test.TestEventKeys;
import se.samverkan.platform.test.TestPostgres;
import se.samverkan.platform.test.TestUser;
import se.samverkan.signing.SignedEnvelope;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The runtime role may INSERT into audit_entries. While the log is idle it inserts the next leaf itself: a copy of
 * one of the log's own entries, made a review decision about another item, with a correct leaf hash and search
 * columns, but the signature of the bytes it was copied from. The sequencer's next insert meets that leaf index taken;
 * it used to adopt the leaf and sign the next checkpoint over it, and the integrity pass checked only hashes and
 * columns, so nothing went DOWN.
 */
class ForgedLeafIT extends AuditServiceITBase {

    @Autowired LogIntegrity integrity;
    @Autowired Sequencer sequencer;
    @Autowired LogStore store;
    @Autowired CheckpointSigner signer;
    @Autowired CheckpointNotes notes;
    @Autowired EntrySignatures signatures;
    @Autowired UnexpectedLeaves unexpected;
    @Autowired SearchSeals seals;
    @Autowired IntegrityProperties pace;
    @Autowired MeterRegistry meters;

    @Test
    void aLeafTheRuntimeRoleInsertedIsNotSignedOverAndItsSignatureIsNamed() {
        logOfAtLeast(3);
        // one of the log's own entries to copy: an officer's search is logged, signed with audit-service's key
        assertThat(get("/api/audit/entries?caseId=" + UUID.randomUUID(), TestUser.COMPLIANCE_OFFICER).statusCode()).isEqualTo(200);
        byte[] copied = jdbc.queryForObject("SELECT entry FROM audit_entries WHERE event_type = ? ORDER BY leaf_index DESC LIMIT 1",
                byte[].class, Entries.AUDIT_LOG_READ);
        ObjectNode forged = (ObjectNode) CloudEventCodec.mapper().readTree(copied);
        forged.put("id", UUID.randomUUID().toString());
        forged.put("type", Entries.REVIEW_DECIDED);
        ((ObjectNode) forged.get("data")).put("referenceId", UUID.randomUUID().toString());
        byte[] bytes = CloudEventCodec.mapper().writeValueAsBytes(forged);
        assertThat(SignedEnvelope.split(bytes)).as("it still carries a signature, of other bytes").isPresent();
        double violationsBefore = violations();

        long leaf = await().atMost(Duration.ofSeconds(20)).until(() -> insertAsTheNextLeaf(bytes), index -> index >= 0);
        try {
            CloudEvent genuine = send(liaisonRead());
            await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(genuine.id()) == 1);
            long genuineLeaf = jdbc.queryForObject("SELECT leaf_index FROM audit_entries WHERE event_id = ?::uuid", Long.class, genuine.id());
            assertThat(genuineLeaf).as("appended after the forged leaf").isGreaterThan(leaf);

            String named = "leaf " + leaf + ": not appended by this log's sequencer, and its producer signature does not verify (BAD_SIGNATURE)";
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(integrity.verdict().problems())
                    .anySatisfy(problem -> assertThat(problem).startsWith(named)));
            assertThat(json(get("/actuator/health", (String) null)).get("components").get("auditLogIntegrity").get("status").asString())
                    .isEqualTo("DOWN");
            assertThat(violations()).isGreaterThan(violationsBefore);
            assertThatThrownBy(sequencer::checkpointNow).isInstanceOf(LogUnavailableException.class)
                    .hasMessageContaining("leaf " + leaf);
            assertThat(jdbc.queryForObject("SELECT coalesce(max(tree_size), 0) FROM checkpoints", Long.class))
                    .as("no checkpoint signed over the forged leaf").isLessThanOrEqualTo(leaf);

            // a log whose (unpatched) sequencer did sign over it: the integrity pass verifies every entry's signature
            long size = store.size();
            byte[] root = new MerkleProofs(store).root(size);
            StoredCheckpoint signedOver = new StoredCheckpoint(size, root, signer.sign(size, root), UUID.randomUUID(), Instant.now());
            LogStore asIfSigned = new LogStore(jdbc) {
                @Override
                public Optional<StoredCheckpoint> latestCheckpoint() {
                    return Optional.of(signedOver);
                }
            };
            Health health = new LogIntegrity(jdbc, asIfSigned, pace, seals, new SimpleMeterRegistry(), null, notes, signatures, null)
                    .check();
            assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
            assertThat(health.getDetails().get("problems").toString())
                    .contains("leaf " + leaf + ": its producer signature does not verify (BAD_SIGNATURE)");
        } finally {
            putBackSigned(leaf, forged);
        }
        assertThat(unexpected.problems()).as("a genuine leaf there now").isEmpty();
        integrity.check();
        assertThat(integrity.check().getStatus().getCode()).as("clean again once the leaf is genuine").isEqualTo("UP");
    }

    /** As the runtime role, while the sequencer has everything committed: the next leaf index, or -1 when taken meanwhile. */
    private long insertAsTheNextLeaf(byte[] bytes) {
        long next = store.size();
        if (sequencer.size() != next) {
            return -1;
        }
        PendingEntry e = Entries.fromStored(bytes);
        try {
            jdbc.update("""
                    INSERT INTO audit_entries (leaf_index, event_id, source, event_type, case_id, subject_id, actor_id, action,
                                               legal_basis, outcome, reference_id, occurred_at, entry, leaf_hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    next, e.eventId(), e.source(), e.eventType(), e.caseId(), e.subjectId(), e.actorId(), e.action(),
                    e.legalBasis(), e.outcome(), e.referenceId(), OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC),
                    bytes, Rfc6962.leafHash(bytes));
            return next;
        } catch (DataIntegrityViolationException taken) {
            return -1;
        }
    }

    /**
     * The test database is shared: the leaf becomes what audit-service would have signed (the same content, so the
     * search index's view of it stays right), the tree above it is rebuilt, and the sequencer starts again from the
     * database, as after a restart, checking what it did not append.
     */
    private void putBackSigned(long leaf, ObjectNode forged) {
        sequencer.stop();
        try {
            forged.remove(SignedEnvelope.SIGNATURE_ATTRIBUTE);
            forged.remove(SignedEnvelope.KEY_ID_ATTRIBUTE);
            byte[] genuine = TestEventKeys.signer("audit-service").sign(CloudEventCodec.mapper().treeToValue(forged, CloudEvent.class));
            HexFormat hex = HexFormat.of();
            superuser("UPDATE audit_entries SET entry = decode('" + hex.formatHex(genuine) + "', 'hex'), leaf_hash = decode('"
                    + hex.formatHex(Rfc6962.leafHash(genuine)) + "', 'hex') WHERE leaf_index = " + leaf);
            superuser("DELETE FROM audit_search_seals WHERE leaf_index >= " + leaf);
            superuser("DELETE FROM tree_nodes WHERE ((node_index + 1) << level::int) > " + leaf);
            CompactRange range = CompactRange.of(leaf, store);
            List<CompactRange.Node> nodes = new ArrayList<>();
            for (LogStore.StoredLeaf stored : store.leaves(leaf, store.size())) {
                range.append(stored.leafHash()).stream().filter(node -> node.level() > 0).forEach(nodes::add);
            }
            store.insertNodes(nodes);
        } finally {
            sequencer.start();
        }
        await().atMost(Duration.ofSeconds(20)).until(sequencer::isLeader);
    }

    private double violations() {
        return meters.get("samverkan.audit.integrity.violations").counter().count();
    }

    private static AccessRecorded liaisonRead() {
        return new AccessRecorded(ref(TestUser.POLICE_LIAISON), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT, AccessAction.READ, "ReadReferral", List.of("CASE_SUMMARY"),
                "REFERRAL", "OSL_10_18A", false, false, ProtectedIdentity.NONE, AccessOutcome.ALLOWED, null, Instant.now(),
                TestUser.HANINGE);
    }

    private static void superuser(String sql) {
        TestPostgres.execute(DB, "SET session_replication_role = replica; " + sql);
    }
}
