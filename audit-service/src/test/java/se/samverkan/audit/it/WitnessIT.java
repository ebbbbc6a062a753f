package se.samverkan.audit.it;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.audit.log.CheckpointSigner;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.LogStore;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.audit.tlog.MerkleProofs;
import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.Cosignatures;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.tlog.SignedNote;
import se.samverkan.audit.tlog.WitnessCheck;
import se.samverkan.audit.verify.Anchors;
import se.samverkan.audit.verify.ExportVerifier;
import se.samverkan.audit.witness.WitnessRole;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.cases.CaseTeamChanged;
import se.samverkan.platform.test.TestUser;

import java.io.BufferedReader;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.audit.it.RuntimeRoleRows.superuser;

/**
 * Issue 14, witnessed checkpoints: this log witnesses peer logs (PeerLogs: real Merkle trees, real keys, real HTTP)
 * and cosigns only after a verified consistency proof; a validly re-signed rewrite, fork or rollback is refused with an
 * alarm (entry, review item, counter); cosignatures are served and published; and as a log it collects its witness's
 * cosignatures, which exports carry for the offline verifier's k of n.
 */
class WitnessIT extends AuditServiceITBase {

    @Autowired
    WitnessRole witnesses;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Sequencer sequencer;

    @Autowired
    CheckpointSigner signer;

    @Autowired
    LogStore store;

    private final PeerLogs peers = PeerLogs.instance();

    private static String originHash(String origin) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(origin.getBytes(StandardCharsets.UTF_8)));
    }

    private long cosignedSize(String origin) {
        Long size = jdbc.queryForObject("SELECT max(tree_size) FROM witnessed_checkpoints WHERE origin = ?", Long.class, origin);
        return size == null ? -1 : size;
    }

    private double alarms(String origin, String reason) {
        Counter counter = meters.find("samverkan.audit.witness.alarms").tags("origin", origin, "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private Cosignatures.Key ourWitnessKey() {
        var response = get("/api/audit/witness/key", (String) null);
        assertThat(response.statusCode()).isEqualTo(200);
        return Cosignatures.parseKey(response.body());
    }

    @Test
    void aPeerCheckpointIsCosignedOnlyAfterAValidConsistencyProof_servedAndPublished() throws Exception {
        String origin = "honest.test/audit";
        PeerLogs.Peer peer = peers.peer(origin);
        peer.append(5);
        assertThat(witnesses.witnessPeers().get(origin).outcome()).isEqualTo(WitnessCheck.Outcome.COSIGN);
        assertThat(cosignedSize(origin)).isEqualTo(5);

        peer.append(4);
        WitnessCheck.Verdict grown = witnesses.witnessPeers().get(origin);
        assertThat(grown.outcome()).isEqualTo(WitnessCheck.Outcome.COSIGN);
        assertThat(grown.detail()).isEqualTo("consistent with tree size 5");
        assertThat(cosignedSize(origin)).isEqualTo(9);
        assertThat(witnesses.witnessPeers().get(origin).outcome()).isEqualTo(WitnessCheck.Outcome.UNCHANGED);

        // C2SP monitor retrieval: the log's signature and this witness's cosignature, both verifying
        var served = get("/api/audit/witness/logs/" + originHash(origin) + "/checkpoint", (String) null);
        assertThat(served.statusCode()).isEqualTo(200);
        Checkpoint checkpoint = Checkpoint.parse(SignedNote.open(served.body(), peer.key.verifier()));
        assertThat(checkpoint.treeSize()).isEqualTo(9);
        assertThat(Cosignatures.cosignedBy(served.body(), List.of(ourWitnessKey()))).hasSize(1);
        assertThat(get("/api/audit/witness/logs/" + originHash("nobody.test/audit") + "/checkpoint", (String) null).statusCode()).isEqualTo(404);

        // published on samverkan.audit.checkpoints as checkpoint-cosigned, by its contract
        List<ConsumerRecord<String, byte[]>> published = readTopic(Topics.AUDIT_CHECKPOINTS, record -> {
            CloudEvent event = CloudEventCodec.fromBytes(record.value());
            return event.type().equals("se.samverkan.audit.checkpoint-cosigned.v1") && event.data().get("origin").asString().equals(origin)
                    && event.data().get("treeSize").asLong() == 9;
        }, Duration.ofSeconds(20));
        assertThat(published).hasSize(1);
        CloudEvent event = CloudEventCodec.fromBytes(published.getFirst().value());
        assertThat(ContractSchemas.violations(event.type(), event.data())).isEmpty();
        String cosignedNote = event.data().get("cosignedNote").asString();
        assertThat(Cosignatures.cosignedBy(cosignedNote, List.of(ourWitnessKey()))).hasSize(1);
        assertThat(event.data().get("witnessKey").asString()).isEqualTo(ourWitnessKey().encoded());
    }

    @Test
    void aLogRebuiltFromAlteredEntriesAndReSignedWithItsKeyIsRefusedWithAnAlarm() throws Exception {
        String origin = "rewritten.test/audit";
        PeerLogs.Peer peer = peers.peer(origin);
        peer.append(6);
        assertThat(witnesses.witnessPeers().get(origin).outcome()).isEqualTo(WitnessCheck.Outcome.COSIGN);

        // a superuser with the log's key changes leaf 2, rebuilds the tree, adds two entries and re-signs
        peer.rebuild(2, 8);
        double before = alarms(origin, "INCONSISTENT");
        WitnessCheck.Verdict verdict = witnesses.witnessPeers().get(origin);
        assertThat(verdict.outcome()).isEqualTo(WitnessCheck.Outcome.REFUSED);
        assertThat(verdict.reason()).isEqualTo(WitnessCheck.Reason.INCONSISTENT);
        assertThat(cosignedSize(origin)).as("never cosigned").isEqualTo(6);
        assertThat(alarms(origin, "INCONSISTENT")).isEqualTo(before + 1);

        // the alarm is an entry of this log, with the evidence, and a review item for the compliance officers
        Map<String, Object> entry = jdbc.queryForMap("""
                SELECT event_id, convert_from(entry, 'UTF8') AS entry FROM audit_entries WHERE event_type = ?
                AND convert_from(entry, 'UTF8') LIKE ? ORDER BY leaf_index DESC LIMIT 1""", Entries.WITNESS_ALARM, "%" + origin + "%");
        assertThat((String) entry.get("entry")).contains("\"reason\":\"INCONSISTENT\"", "\"cosignedTreeSize\":6", "\"treeSize\":8");
        // the item by the alarm's id: the queue's first page holds the oldest open items of every class in this JVM
        UUID alarmItem = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.query(
                "SELECT id FROM review_items WHERE source_event_id = ? AND rule = 'WITNESS_ALARM'", (rs, row) -> rs.getObject(1, UUID.class),
                entry.get("event_id")).stream().findFirst().orElse(null), java.util.Objects::nonNull);
        tools.jackson.databind.JsonNode alarm = json(get("/api/audit/review-items/" + alarmItem, TestUser.COMPLIANCE_OFFICER));
        assertThat(alarm.get("rule").asString()).isEqualTo("WITNESS_ALARM");
        assertThat(alarm.get("detail").asString()).contains(origin, "INCONSISTENT");
        assertThat(alarm.get("decisionLeafIndex").isNull()).as("open: " + alarm).isTrue();

        // asking again adds no second alarm for the same evidence
        witnesses.witnessPeers();
        assertThat(alarms(origin, "INCONSISTENT")).isEqualTo(before + 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entries WHERE event_type = ? AND convert_from(entry, 'UTF8') LIKE ?",
                Long.class, Entries.WITNESS_ALARM, "%" + origin + "%")).isEqualTo(1);
    }

    @Test
    void aForkAtTheSameSizeAndARollbackAreRefusedWithAnAlarm() {
        String forked = "forked.test/audit";
        peers.peer(forked).append(7);
        assertThat(witnesses.witnessPeers().get(forked).outcome()).isEqualTo(WitnessCheck.Outcome.COSIGN);
        peers.peer(forked).rebuild(0, 7);
        WitnessCheck.Verdict fork = witnesses.witnessPeers().get(forked);
        assertThat(fork.reason()).isEqualTo(WitnessCheck.Reason.FORK);
        assertThat(alarms(forked, "FORK")).isGreaterThanOrEqualTo(1);
        assertThat(cosignedSize(forked)).isEqualTo(7);

        String rolledBack = "rolledback.test/audit";
        peers.peer(rolledBack).append(10);
        assertThat(witnesses.witnessPeers().get(rolledBack).outcome()).isEqualTo(WitnessCheck.Outcome.COSIGN);
        peers.peer(rolledBack).rollBack(4);
        assertThat(witnesses.witnessPeers().get(rolledBack).reason()).isEqualTo(WitnessCheck.Reason.ROLLBACK);
        assertThat(alarms(rolledBack, "ROLLBACK")).isGreaterThanOrEqualTo(1);
        assertThat(cosignedSize(rolledBack)).isEqualTo(10);
    }

    @Test
    void theLogCollectsItsWitnessesCosignatures_andItsExportPassesTheVerifiersKOfNAndTrustedCheckpoint() throws Exception {
        peers.witnessed = URI.create("http://127.0.0.1:" + port);
        UUID caseId = UUID.randomUUID();
        CloudEvent sent = send(new CaseTeamChanged(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SUPERVISOR), Instant.now(), List.of()));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(sent.id()) == 1);
        long witnessedSize = json(get("/api/audit/checkpoints/latest", TestUser.COMPLIANCE_OFFICER)).get("treeSize").asLong();
        // the witness cosigns what the log serves as its latest checkpoint
        assertThat(witnesses.collectCosignatures()).isEqualTo(1);
        long size = jdbc.queryForObject("SELECT max(tree_size) FROM checkpoint_cosignatures", Long.class);
        assertThat(size).isGreaterThanOrEqualTo(witnessedSize);

        var view = json(get("/api/audit/checkpoints/" + size, TestUser.COMPLIANCE_OFFICER));
        assertThat(view.get("cosignedBy").get(0).asString()).isEqualTo("peer.test/witness");
        assertThat(view.get("witnessed").asBoolean()).isTrue();
        assertThat(view.get("signedNote").asString()).contains("\u2014 peer.test/witness ");
        assertThat(json(get("/api/audit/checkpoints/witnessed", TestUser.COMPLIANCE_OFFICER)).get("treeSize").asLong()).isGreaterThanOrEqualTo(size);

        // the export's fresh checkpoint is newer: it carries the witnessed one and a consistency proof to it
        var export = get("/api/audit/export?trustedSize=" + witnessedSize, TestUser.COMPLIANCE_OFFICER);
        assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
        NoteKeys.Verifier logKey = NoteKeys.parseVerifier(get("/api/audit/public-key", (String) null).body());
        Checkpoint trusted = Checkpoint.parse(SignedNote.open(jdbc.queryForObject("SELECT signed_note FROM checkpoints WHERE tree_size = ?",
                String.class, witnessedSize), logKey));
        Anchors anchors = new Anchors(List.of(peers.witness.key()), 1, trusted);
        ExportVerifier.Result result = ExportVerifier.verify(new BufferedReader(new StringReader(export.body())), logKey, PRODUCERS, anchors);
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.message()).contains("1 of 1 witnesses cosigned (peer.test/witness", "consistent with the trusted checkpoint at tree size " + witnessedSize);

        // a witness the verifier requires but that never cosigned: refused, naming why
        Cosignatures.Key other = Cosignatures.parseCosigner(Cosignatures.generateCosigner("other.test/witness")).key();
        ExportVerifier.Result twoOfTwo = ExportVerifier.verify(new BufferedReader(new StringReader(export.body())), logKey, PRODUCERS,
                new Anchors(List.of(peers.witness.key(), other), 2, null));
        assertThat(twoOfTwo.ok()).isFalse();
        assertThat(twoOfTwo.message()).startsWith("FAIL: only 1 of the 2 configured witnesses cosigned");
    }

    /**
     * The runtime role may INSERT into checkpoint_cosignatures, and there was one row per checkpoint and witness: a
     * line stored there first under the witness's key, at the checkpoint it was about to cosign, met the genuine line
     * with a taken key, so the collected cosignature was dropped, that checkpoint was never witnessed, and the
     * witness's cosignature of it could never be kept afterwards.
     */
    @Test
    void aForgedCosignatureLineStoredFirstDoesNotKeepTheWitnessesGenuineLineOut() {
        peers.witnessed = URI.create("http://127.0.0.1:" + port);
        UUID caseId = UUID.randomUUID();
        CloudEvent sent = send(new CaseTeamChanged(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SUPERVISOR), Instant.now(), List.of()));
        awaitCheckpointOver(sent);
        double violationsBefore = violations();
        List<String> forged = new java.util.ArrayList<>();
        try {
            // the witness cosigns what the log serves as its latest checkpoint, which may move on meanwhile: again until it did not
            long cosigned = await().atMost(Duration.ofSeconds(20)).until(() -> {
                long latest = latestCheckpointSize();
                forged.add(forgeCosignature(latest));
                witnesses.collectCosignatures();
                return genuineLineStored(latest) ? latest : -1;
            }, size -> size > 0);

            var view = json(get("/api/audit/checkpoints/" + cosigned, TestUser.COMPLIANCE_OFFICER));
            assertThat(view.get("witnessed").asBoolean()).isTrue();
            assertThat(view.get("cosignedBy").get(0).asString()).isEqualTo("peer.test/witness");
            assertThat(view.get("signedNote").asString()).as("only the verifying line").doesNotContain(forged.getLast().strip());
            assertThat(json(get("/api/audit/checkpoints/witnessed", TestUser.COMPLIANCE_OFFICER)).get("treeSize").asLong())
                    .isEqualTo(cosigned);
            double counted = violations();
            assertThat(counted).as("counted").isGreaterThan(violationsBefore);
            get("/api/audit/checkpoints/" + cosigned, TestUser.COMPLIANCE_OFFICER);
            get("/api/audit/checkpoints/witnessed", TestUser.COMPLIANCE_OFFICER);
            assertThat(violations()).as("once per row, however often it is read").isEqualTo(counted);
        } finally {
            removeForged(forged);
        }
    }

    /**
     * A line stored under the witness's key at a checkpoint newer than the one it last cosigned was taken as that
     * witness's latest cosignature: the witnessed checkpoint fell back to one another witness cosigned, or to none (404),
     * and the export's anchors carried the newer checkpoint with the forged line instead of the witnessed one, so its
     * offline verification found too few witnesses.
     */
    @Test
    void aForgedCosignatureLineAtANewerCheckpointHidesNeitherTheWitnessedCheckpointNorTheExportsAnchor() throws Exception {
        peers.witnessed = URI.create("http://127.0.0.1:" + port);
        UUID caseId = UUID.randomUUID();
        CloudEvent sent = send(new CaseTeamChanged(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SUPERVISOR), Instant.now(), List.of()));
        awaitCheckpointOver(sent);
        long cosigned = await().atMost(Duration.ofSeconds(20)).until(() -> {
            long latest = latestCheckpointSize();
            witnesses.collectCosignatures();
            return genuineLineStored(latest) ? latest : -1;
        }, size -> size > 0);
        CloudEvent later = send(new CaseTeamChanged(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SUPERVISOR), Instant.now(), List.of()));
        long newer = awaitCheckpointOver(later);
        double violationsBefore = violations();
        List<String> forged = new java.util.ArrayList<>();
        try {
            forged.add(forgeCosignature(newer));

            var witnessed = get("/api/audit/checkpoints/witnessed", TestUser.COMPLIANCE_OFFICER);
            assertThat(witnessed.statusCode()).as(witnessed.body()).isEqualTo(200);
            assertThat(json(witnessed).get("treeSize").asLong()).isEqualTo(cosigned);
            var export = get("/api/audit/export?caseId=" + caseId, TestUser.COMPLIANCE_OFFICER);
            assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
            NoteKeys.Verifier logKey = NoteKeys.parseVerifier(get("/api/audit/public-key", (String) null).body());
            ExportVerifier.Result result = ExportVerifier.verify(new BufferedReader(new StringReader(export.body())), logKey, PRODUCERS,
                    new Anchors(List.of(peers.witness.key()), 1, null));
            assertThat(result.ok()).as(result.message()).isTrue();
            assertThat(result.message()).contains("1 of 1 witnesses cosigned (peer.test/witness");
            assertThat(export.body()).doesNotContain(forged.getFirst().strip());
            assertThat(json(get("/api/audit/checkpoints/" + newer, TestUser.COMPLIANCE_OFFICER)).get("witnessed").asBoolean()).isFalse();
            assertThat(violations()).as("counted once, however often it is read").isEqualTo(violationsBefore + 1);
        } finally {
            removeForged(forged);
        }
    }

    /**
     * A witness's cosigned checkpoint was compared with the stored row at its size, whoever wrote it: the runtime role
     * may INSERT a checkpoint row at any size no checkpoint holds, and one there under a checkpoint of this log's tree
     * that a witness cosigned raised a false FORK alarm against this log. A row this log did not sign is now reported
     * as what it is, and the witness's checkpoint is compared with the latest checkpoint this log did sign: a prefix of
     * it is no fork, and another root at that size still is one.
     */
    @Test
    void aCheckpointRowTheLogDidNotSignRaisesNoFalseForkAgainstWhatAWitnessCosigned_andAForkIsStillOne() {
        peers.witnessed = URI.create("http://127.0.0.1:" + port);
        long size = sizeNoCheckpointHolds(sequencer);
        String origin = signer.origin();
        // this log's key over this log's tree at that size, as if a row in the way had kept it from being stored
        String ours = signer.sign(size, new MerkleProofs(store).root(size));
        double forks = alarms(origin, "FORK");
        double violationsBefore = violations();
        try {
            runtimeRole().checkpoint(origin, size);
            peers.cosigns = ours;
            assertThat(witnesses.collectCosignatures()).as("nothing kept beside a forged row").isZero();
            assertThat(witnesses.health().getDetails().get("witness peer.test/witness").toString())
                    .startsWith("FORGED_CHECKPOINT_ROW at " + size);
            assertThat(alarms(origin, "FORK")).as("no fork").isEqualTo(forks);
            double counted = violations();
            assertThat(counted).as("the row is reported").isGreaterThan(violationsBefore);
            witnesses.collectCosignatures();
            assertThat(violations()).as("once per row").isEqualTo(counted);

            // another tree at that size under this log's key: not a prefix of what it signed, a split view
            byte[] otherRoot = new byte[32];
            java.util.Arrays.fill(otherRoot, (byte) 9);
            peers.cosigns = signer.sign(size, otherRoot);
            witnesses.collectCosignatures();
            assertThat(alarms(origin, "FORK")).as("a fork").isEqualTo(forks + 1);
            assertThat(witnesses.health().getDetails().get("witness peer.test/witness").toString())
                    .startsWith("FOREIGN_CHECKPOINT at " + size);
        } finally {
            peers.cosigns = null;
            superuser("DELETE FROM checkpoints WHERE tree_size = " + size);
        }
    }

    /**
     * WitnessCosignatures and the export's anchors read checkpoint rows by size without asking whether this log signed
     * them. A row the runtime role inserted at a size no checkpoint holds, carrying a copy of the witnessed checkpoint's
     * genuine note, and beside it copies of the witness's genuine lines (public, from the witness's monitor endpoint),
     * was taken as the witness's latest cosigned checkpoint: /checkpoints/witnessed answered 404 (the row is no
     * checkpoint by size), and the export anchored the witness at that size, so its offline verification failed (no
     * consistency proof from the witnessed checkpoint). Now only a row this log signed is joined to a cosignature.
     */
    @Test
    void aCheckpointRowTheLogDidNotSignIsNeverTheWitnessedCheckpointOrAnExportsAnchor() throws Exception {
        peers.witnessed = URI.create("http://127.0.0.1:" + port);
        UUID caseId = UUID.randomUUID();
        CloudEvent sent = send(new CaseTeamChanged(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SUPERVISOR), Instant.now(), List.of()));
        awaitCheckpointOver(sent);
        long cosigned = await().atMost(Duration.ofSeconds(20)).until(() -> {
            long latest = latestCheckpointSize();
            witnesses.collectCosignatures();
            return genuineLineStored(latest) ? latest : -1;
        }, size -> size > 0);
        long forgedSize = sizeNoCheckpointHolds(sequencer);
        assertThat(forgedSize).isGreaterThan(cosigned);
        Map<String, Object> genuine = jdbc.queryForMap("SELECT root_hash, signed_note FROM checkpoints WHERE tree_size = ?", cosigned);
        String body = Cosignatures.body((String) genuine.get("signed_note"));
        List<String> lines = jdbc.queryForList("SELECT signature_line FROM checkpoint_cosignatures WHERE tree_size = ? AND witness_key = ?",
                String.class, cosigned, peers.witness.key().encoded()).stream()
                .filter(line -> Cosignatures.verify(body, line, peers.witness.key()) > 0).toList();
        double violationsBefore = violations();
        try {
            runtimeRole().checkpoint(forgedSize, (byte[]) genuine.get("root_hash"), (String) genuine.get("signed_note"));
            lines.forEach(line -> runtimeRole().cosignatureLine(forgedSize, peers.witness.key().encoded(), line));

            var witnessed = get("/api/audit/checkpoints/witnessed", TestUser.COMPLIANCE_OFFICER);
            assertThat(witnessed.statusCode()).as(witnessed.body()).isEqualTo(200);
            assertThat(json(witnessed).get("treeSize").asLong()).isEqualTo(cosigned);
            assertThat(get("/api/audit/checkpoints/" + forgedSize, TestUser.COMPLIANCE_OFFICER).statusCode()).isEqualTo(404);

            var export = get("/api/audit/export?caseId=" + caseId, TestUser.COMPLIANCE_OFFICER);
            assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
            tools.jackson.databind.JsonNode header = CloudEventCodec.mapper().readTree(export.body().lines().findFirst().orElseThrow());
            List<Long> proofsFrom = new java.util.ArrayList<>();
            header.get("consistencyProofs").forEach(proof -> proofsFrom.add(proof.get("treeSize").asLong()));
            assertThat(proofsFrom).as("no anchor at the forged row's size").contains(cosigned).doesNotContain(forgedSize);
            NoteKeys.Verifier logKey = NoteKeys.parseVerifier(get("/api/audit/public-key", (String) null).body());
            ExportVerifier.Result result = ExportVerifier.verify(new BufferedReader(new StringReader(export.body())), logKey, PRODUCERS,
                    new Anchors(List.of(peers.witness.key()), 1, null));
            assertThat(result.ok()).as(result.message()).isTrue();
            assertThat(result.message()).contains("1 of 1 witnesses cosigned (peer.test/witness");
            assertThat(violations()).as("the row reported, once").isEqualTo(violationsBefore + 1);
        } finally {
            superuser("DELETE FROM checkpoint_cosignatures WHERE tree_size = " + forgedSize);
            superuser("DELETE FROM checkpoints WHERE tree_size = " + forgedSize);
        }
    }

    /** The size of a signed checkpoint covering the entry. */
    private long awaitCheckpointOver(CloudEvent sent) {
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(sent.id()) == 1);
        long leaf = jdbc.queryForObject("SELECT leaf_index FROM audit_entries WHERE event_id = ?::uuid", Long.class, sent.id());
        return await().atMost(Duration.ofSeconds(20)).until(this::latestCheckpointSize, size -> size > leaf);
    }

    private long latestCheckpointSize() {
        return jdbc.queryForObject("SELECT coalesce(max(tree_size), 0) FROM checkpoints", Long.class);
    }

    private boolean genuineLineStored(long treeSize) {
        String body = Cosignatures.body(jdbc.queryForObject("SELECT signed_note FROM checkpoints WHERE tree_size = ?", String.class, treeSize));
        return jdbc.queryForList("SELECT signature_line FROM checkpoint_cosignatures WHERE tree_size = ? AND witness_key = ?", String.class,
                treeSize, peers.witness.key().encoded()).stream().anyMatch(line -> Cosignatures.verify(body, line, peers.witness.key()) > 0);
    }

    /**
     * As the runtime role: a line as the witness's would look (its name, its key hash, a timestamp of now) with a
     * signature it never made.
     */
    private String forgeCosignature(long treeSize) {
        byte[] signature = new byte[64];
        new java.security.SecureRandom().nextBytes(signature);
        byte[] blob = java.nio.ByteBuffer.allocate(4 + 8 + 64).put(peers.witness.keyHash()).putLong(Instant.now().getEpochSecond())
                .put(signature).array();
        String line = "\u2014 peer.test/witness " + java.util.Base64.getEncoder().encodeToString(blob) + "\n";
        runtimeRole().cosignatureLine(treeSize, peers.witness.key().encoded(), line);
        return line;
    }

    /** The test database is shared: the other tests read the witness's latest line by size. */
    private void removeForged(List<String> lines) {
        for (String line : lines) {
            superuser("DELETE FROM checkpoint_cosignatures WHERE signature_line = '" + line + "'");
        }
    }

    @Test
    void aTrustedCheckpointIsCheckedByTheComplianceApi_andTheWitnessEndpointsArePublicButBounded() {
        String note = get("/api/audit/witness/checkpoint", (String) null).body();
        var check = exchangeText("/api/audit/checkpoints/trusted", note);
        assertThat(check.statusCode()).as(check.body()).isEqualTo(200);
        assertThat(json(check).get("consistent").asBoolean()).isTrue();

        var notOurs = exchangeText("/api/audit/checkpoints/trusted", SignedNote.sign(new Checkpoint("samverkan.local/audit", 1,
                new byte[32]).body(), NoteKeys.parseSigner(NoteKeys.generateSigner("samverkan.test-audit"))));
        assertThat(notOurs.statusCode()).isEqualTo(400);
        assertThat(notOurs.body()).contains("not-a-checkpoint-of-this-log");

        assertThat(get("/api/audit/witness/consistency-proof?from=5&to=2", (String) null).statusCode()).isEqualTo(400);
        assertThat(get("/api/audit/witness/logs/not-a-hash/checkpoint", (String) null).statusCode()).isEqualTo(400);
        // the rest of the audit API still needs a compliance officer's token
        assertThat(get("/api/audit/checkpoints/witnessed", (String) null).statusCode()).isEqualTo(401);
    }

    /**
     * The runtime role may INSERT into witnessed_checkpoints, and the witness took the newest row of a log as what it
     * had cosigned: a row with a larger tree size had it refuse every genuine checkpoint of that log as a rollback
     * (with an alarm against the log), tell the log pushing to it to prove consistency from that size, and serve the
     * row as its cosigned checkpoint; one with another root would have had it cosign a fork consistent with that root.
     * A row its own cosignature does not vouch for is never its state: it cosigns nothing of that log while the row
     * stands, answers 503, and counts the row as an integrity violation.
     */
    @Test
    void aStateRowTheWitnessDidNotCosignIsNeverTakenAsItsState() throws Exception {
        String origin = "forgedstate.test/audit";
        PeerLogs.Peer peer = peers.peer(origin);
        peer.append(5);
        assertThat(witnesses.witnessPeers().get(origin).outcome()).isEqualTo(WitnessCheck.Outcome.COSIGN);
        Map<String, Object> genuine = jdbc.queryForMap("SELECT signed_note, cosignature FROM witnessed_checkpoints "
                + "WHERE origin = ? AND tree_size = 5", origin);
        String genuineNote = (String) genuine.get("signed_note");
        String genuineCosignature = (String) genuine.get("cosignature");
        byte[] otherRoot = new byte[32];
        java.util.Arrays.fill(otherRoot, (byte) 7);
        double violationsBefore = violations();
        peer.append(3);
        try {
            // the witness's own note and cosignature, under columns of a size far ahead
            forgeState(origin, 1_000_000, otherRoot, genuineNote, genuineCosignature);
            refusedWhileTheRowStands(origin, peer);
            assertThat(violations()).as("counted").isGreaterThan(violationsBefore);

            // a note that says what the columns say, under a cosignature of another note
            forgeState(origin, 2_000_000, otherRoot, new Checkpoint(origin, 2_000_000, otherRoot).body() + "\n"
                    + Cosignatures.signatureLines(genuineNote).getFirst(), genuineCosignature);
            refusedWhileTheRowStands(origin, peer);
        } finally {
            superuser("DELETE FROM witnessed_checkpoints WHERE origin = '" + origin + "' AND tree_size >= 1000000");
        }
        assertThat(alarms(origin, "ROLLBACK")).as("no alarm against the log").isZero();
        WitnessCheck.Verdict verdict = witnesses.witnessPeers().get(origin);
        assertThat(verdict.outcome()).as("its own state again once the row is gone").isEqualTo(WitnessCheck.Outcome.COSIGN);
        assertThat(verdict.detail()).isEqualTo("consistent with tree size 5");
        assertThat(cosignedSize(origin)).isEqualTo(8);
    }

    private void refusedWhileTheRowStands(String origin, PeerLogs.Peer peer) throws Exception {
        assertThat(witnesses.witnessPeers()).as("neither cosigned nor refused as a rollback").doesNotContainKey(origin);
        assertThat(witnesses.health().getDetails().get("peer " + origin).toString()).startsWith("STATE_UNTRUSTED");
        var pushed = addCheckpoint(5, peer.proof(5, 8).strip(), peer.noteNow());
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(503);
        assertThat(pushed.body()).doesNotContain("000000");
        var served = get("/api/audit/witness/logs/" + originHash(origin) + "/checkpoint", (String) null);
        assertThat(served.statusCode()).as(served.body()).isEqualTo(503);
        assertThat(cosignedSize(origin)).as("nothing cosigned meanwhile").isGreaterThanOrEqualTo(1_000_000);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM witnessed_checkpoints WHERE origin = ? AND tree_size = 8", Long.class, origin))
                .isZero();
    }

    /** As the runtime role, which may INSERT here. */
    private void forgeState(String origin, long treeSize, byte[] rootHash, String signedNote, String cosignature) {
        runtimeRole().witnessState(origin, treeSize, rootHash, signedNote, cosignature);
    }

    private double violations() {
        Counter counter = meters.find("samverkan.audit.integrity.violations").counter();
        return counter == null ? 0 : counter.count();
    }

    private java.net.http.HttpResponse<String> addCheckpoint(long old, String proof, String note) {
        try {
            return http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/audit/witness/add-checkpoint")).header("Content-Type", "text/plain")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("old " + old + "\n" + (proof.isEmpty() ? "" : proof + "\n") + "\n" + note)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aConfiguredLogPushesItsCheckpointsWithConsistencyProofs_asC2spAddCheckpointSays() throws Exception {
        String origin = "pushed.test/audit";
        PeerLogs.Peer peer = peers.peer(origin);
        peer.append(5);
        String first = peers.peer(origin).noteNow();
        var cosigned = addCheckpoint(0, "", first);
        assertThat(cosigned.statusCode()).as(cosigned.body()).isEqualTo(200);
        Checkpoint five = Checkpoint.parse(SignedNote.open(first, peer.key.verifier()));
        assertThat(cosigned.body()).startsWith("\u2014 samverkan.test/witness ").endsWith("\n");
        assertThat(Cosignatures.verify(five.body(), cosigned.body(), ourWitnessKey())).isPositive();
        assertThat(cosignedSize(origin)).isEqualTo(5);

        // another old size than the one recorded: 409 with that size, as text/x.tlog.size
        var conflict = addCheckpoint(0, "", first);
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.headers().firstValue("Content-Type").orElse("")).startsWith("text/x.tlog.size");
        assertThat(conflict.body()).isEqualTo("5\n");

        peer.append(3);
        var grown = addCheckpoint(5, peer.proof(5, 8).strip(), peer.noteNow());
        assertThat(grown.statusCode()).as(grown.body()).isEqualTo(200);
        assertThat(cosignedSize(origin)).isEqualTo(8);
        assertThat(witnesses.witnessPeers().get(origin).outcome()).as("the pull round agrees").isEqualTo(WitnessCheck.Outcome.UNCHANGED);
        assertThat(addCheckpoint(8, "", peer.noteNow()).statusCode()).as("the same checkpoint again").isEqualTo(200);

        // only configured logs: an unknown origin 404, a note not signed by the configured key 403
        PeerLogs.Peer stranger = new PeerLogs.Peer("stranger.test/audit");
        stranger.append(2);
        assertThat(addCheckpoint(0, "", stranger.noteNow()).statusCode()).isEqualTo(404);
        PeerLogs.Peer impostor = new PeerLogs.Peer(origin);
        impostor.append(9);
        assertThat(addCheckpoint(8, "", impostor.noteNow()).statusCode()).isEqualTo(403);
        assertThat(cosignedSize(origin)).isEqualTo(8);
        // malformed requests: 400
        assertThat(addCheckpoint(9, "", peer.noteNow()).statusCode()).as("old size above the checkpoint's").isEqualTo(400);
        assertThat(addCheckpoint(8, "not-a-hash", peer.noteNow()).statusCode()).isEqualTo(400);
    }

    @Test
    void aPushedRewriteIsRefusedWith422AndAnAlarm_andAProofFromZeroIs422() {
        String origin = "pushforged.test/audit";
        PeerLogs.Peer peer = peers.peer(origin);
        peer.append(6);
        String hash = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(addCheckpoint(0, hash, peer.noteNow()).statusCode()).as("a proof from old size 0").isEqualTo(422);
        assertThat(addCheckpoint(0, "", peer.noteNow()).statusCode()).isEqualTo(200);

        peer.rebuild(2, 9);
        double before = alarms(origin, "INCONSISTENT");
        var refused = addCheckpoint(6, peer.proof(6, 9).strip(), peer.noteNow());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("INCONSISTENT");
        assertThat(cosignedSize(origin)).as("never cosigned").isEqualTo(6);
        assertThat(alarms(origin, "INCONSISTENT")).isEqualTo(before + 1);
    }

    @Test
    void theLogPushesItsNewCheckpointsToItsWitnessesAndKeepsTheirCosignatures() {
        UUID caseId = UUID.randomUUID();
        CloudEvent sent = send(new CaseTeamChanged(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SUPERVISOR), Instant.now(), List.of()));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(sent.id()) == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> witnesses.pushToWitnesses() == 1);
        long first = peers.pushedSize;
        assertThat(jdbc.queryForObject("SELECT count(*) FROM checkpoint_cosignatures WHERE tree_size = ?", Long.class, first))
                .isGreaterThanOrEqualTo(1);

        // the witness lost track (or another instance pushed): its 409 names its size and the log pushes again from there
        peers.pushedSize = 0;
        CloudEvent again = send(new CaseTeamChanged(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SUPERVISOR), Instant.now(), List.of()));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(again.id()) == 1);
        int before = peers.pushes.get();
        await().atMost(Duration.ofSeconds(20)).until(() -> witnesses.pushToWitnesses() == 1 && peers.pushedSize > first);
        assertThat(peers.pushes.get() - before).as("a 409 and the retry").isGreaterThanOrEqualTo(2);
        var view = json(get("/api/audit/checkpoints/" + peers.pushedSize, TestUser.COMPLIANCE_OFFICER));
        assertThat(view.get("cosignedBy").get(0).asString()).isEqualTo("peer.test/witness");
    }

    private java.net.http.HttpResponse<String> exchangeText(String path, String body) {
        try {
            return http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", TestUser.COMPLIANCE_OFFICER.bearer()).header("Content-Type", "text/plain")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
