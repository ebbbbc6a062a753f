package se.samverkan.audit.it;

import org.junit.jupiter.api.Test;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.verify.ExportVerifier;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.cases.CaseTeamChanged;
import se.samverkan.platform.test.TestPostgres;
import se.samverkan.platform.test.TestUser;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tampering is done the way an attacker with superuser access would: triggers switched off for the session
 * (session_replication_role = replica). Each test puts the row back the same way, so the shared log stays honest.
 */
class ExportVerificationIT extends AuditServiceITBase {

    @Test
    void anHonestWholeLogExportVerifies() throws Exception {
        List<CloudEvent> events = appendSome(5);
        ExportVerifier.Result result = verify(export(""));
        assertThat(result.ok()).as(result.message()).isTrue();
        // entries of another municipality (other tests') are there as omitted leaves: the range is still complete
        assertThat(result.entries()).isGreaterThanOrEqualTo(events.size());
        assertThat(result.message()).contains("no leaf of [0, " + result.treeSize() + ") is missing");
        // issue 16: every entry exported, the log's own included, carries a producer signature that verifies
        assertThat(result.producerSigned()).isEqualTo(result.entries());
        assertThat(result.unsignedAccepted()).isZero();
        assertThat(result.message()).contains(result.entries() + " producer signatures verified");
    }

    /**
     * What a compliance officer runs: the verifier's jar, as a process of its own with {@code java -jar} and nothing
     * else on the class path (no service classes, no Jackson, no Spring, no Bouncy Castle), on this service's export.
     */
    @Test
    void theRunnableVerifierJarChecksARealExportOnABareJdk(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path jar = java.nio.file.Path.of("../audit-verifier/target/audit-verifier.jar").toAbsolutePath().normalize();
        assertThat(jar).as("built by audit-verifier's package phase (run through the reactor: -pl audit-service -am verify)").exists();
        List<CloudEvent> events = appendSome(2);
        String export = export("");
        java.nio.file.Path honest = java.nio.file.Files.writeString(dir.resolve("export.jsonl"), export);
        // one byte inside an exported entry changed: the line's proof no longer matches
        String tamperedLine = export.lines().filter(line -> line.contains(events.get(1).id())).findFirst().orElseThrow();
        String entry = tamperedLine.replaceAll(".*\"entry\":\"([^\"]+)\".*", "$1");
        byte[] bytes = java.util.Base64.getDecoder().decode(entry);
        bytes[bytes.length / 2] ^= 1;
        java.nio.file.Path tampered = java.nio.file.Files.writeString(dir.resolve("tampered.jsonl"),
                export.replace(entry, java.util.Base64.getEncoder().encodeToString(bytes)));
        String key = get("/api/audit/public-key", (String) null).body().strip();

        for (java.nio.file.Path file : List.of(honest, tampered)) {
            Process process = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar.toString(), file.toString(), "--key", key,
                    "--producer-keys", se.samverkan.platform.test.TestEventKeys.trustedKeys())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // a class the jar lacks would show as NoClassDefFoundError
            assertThat(output).doesNotContain("Exception", "Error");
            if (file == honest) {
                assertThat(process.exitValue()).as(output).isZero();
                assertThat(output).startsWith("OK: ").contains("producer signatures verified", "no leaf of [0, ");
            } else {
                assertThat(process.exitValue()).as(output).isEqualTo(1);
                assertThat(output).startsWith("FAIL: ").contains(events.get(1).id(), "does not match the signed checkpoint");
            }
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    se.samverkan.audit.log.AuditProperties auditProperties;

    /**
     * Issue 16 "Proof": an operator holding the checkpoint signing key changes a byte inside one event's data,
     * recomputes that leaf, the tree, every proof and re-signs the checkpoint. The Merkle and checkpoint checks
     * pass; the producer signature of exactly that entry does not, because only case-service holds its key.
     */
    @Test
    void anOperatorWhoRewritesAnEntryAndReSignsTheCheckpointIsCaughtByTheProducerSignature() throws Exception {
        List<CloudEvent> events = appendSome(3);
        long leaf = leafOf(events.get(1));
        var mapper = se.samverkan.contracts.CloudEventCodec.mapper();
        List<tools.jackson.databind.node.ObjectNode> lines = export("").lines()
                .map(line -> (tools.jackson.databind.node.ObjectNode) mapper.readTree(line)).toList();
        var header = lines.getFirst();
        long treeSize = header.get("treeSize").asLong();
        java.util.Base64.Decoder base64 = java.util.Base64.getDecoder();

        java.util.Map<String, byte[]> nodes = new java.util.HashMap<>();
        se.samverkan.audit.tlog.CompactRange range = se.samverkan.audit.tlog.CompactRange.empty();
        for (var line : lines.subList(1, lines.size() - 1)) {
            byte[] leafHash;
            if ("entry".equals(line.get("kind").asString())) {
                byte[] bytes = base64.decode(line.get("entry").asString());
                if (line.get("leafIndex").asLong() == leaf) {
                    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                    int at = text.indexOf(TestUser.SUPERVISOR.id(), text.indexOf("\"data\""));
                    bytes[at] = (byte) (bytes[at] == 'a' ? 'b' : 'a');
                    line.put("entry", java.util.Base64.getEncoder().encodeToString(bytes));
                }
                leafHash = se.samverkan.audit.tlog.Rfc6962.leafHash(bytes);
            } else {
                leafHash = base64.decode(line.get("leafHash").asString());
            }
            range.append(leafHash).forEach(n -> nodes.put(n.level() + "/" + n.index(), n.hash()));
        }
        assertThat(range.size()).isEqualTo(treeSize);
        var proofs = new se.samverkan.audit.tlog.MerkleProofs((level, index) -> nodes.get(level + "/" + index));
        for (var line : lines.subList(1, lines.size() - 1)) {
            var proof = line.putArray("inclusionProof");
            proofs.inclusion(line.get("leafIndex").asLong(), treeSize).forEach(hash -> proof.add(java.util.Base64.getEncoder().encodeToString(hash)));
        }
        NoteKeys.Verifier verifier = NoteKeys.parseVerifier(get("/api/audit/public-key", (String) null).body());
        var original = se.samverkan.audit.tlog.Checkpoint.parse(se.samverkan.audit.tlog.SignedNote.open(header.get("checkpoint").asString(), verifier));
        header.put("checkpoint", se.samverkan.audit.tlog.SignedNote.sign(
                new se.samverkan.audit.tlog.Checkpoint(original.origin(), treeSize, range.root()).body(),
                NoteKeys.parseSigner(auditProperties.signingKey())));
        String rewritten = String.join("\n", lines.stream().map(mapper::writeValueAsString).toList()) + "\n";

        ExportVerifier.Result result = verify(rewritten);
        assertThat(result.ok()).isFalse();
        assertThat(result.producerFailedLeaves()).containsExactly(leaf);
        assertThat(result.message()).startsWith("FAIL: 1 of " + result.entries() + " entries fail their producer signature check")
                .contains("verified against the checkpoint", "leaf index " + leaf + " ", events.get(1).id(),
                        "does not match its producer signature (key case-service/test)");
        // the checkpoint and every proof hold: without the producers' keys the rewrite would pass
        ExportVerifier.Result merkleOnly = ExportVerifier.verify(new BufferedReader(new StringReader(rewritten)), verifier,
                se.samverkan.audit.verify.ProducerKeys.NOT_CHECKED);
        assertThat(merkleOnly.ok()).as(merkleOnly.message()).isTrue();
    }

    @Test
    void aFilteredExportOfOneCaseVerifiesWithItsInclusionProofs() throws Exception {
        UUID caseId = UUID.randomUUID();
        CloudEvent last = null;
        for (int i = 0; i < 3; i++) {
            last = send(new CaseTeamChanged(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SUPERVISOR), Instant.now(), List.of()));
        }
        CloudEvent awaited = last;
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(awaited.id()) == 1);
        String export = export("?caseId=" + caseId);
        ExportVerifier.Result result = verify(export);
        assertThat(result.ok()).as(result.message()).isTrue();
        // three case events plus the audit entry of the export itself; every other leaf of the log by hash only
        assertThat(result.entries()).isEqualTo(4);
        assertThat(export).contains("\"scope\":\"range\"", "\"kind\":\"omitted\"");
        assertThat(result.message()).contains("omitted leaves", "no leaf of [0, " + result.treeSize() + ") is missing");
    }

    @Test
    void anExportFilteredByLegalBasisHoldsOnlyThoseEntriesAndVerifies() throws Exception {
        UUID caseId = UUID.randomUUID();
        CloudEvent referral = send(new se.samverkan.contracts.cases.ReferralSent(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SOCIAL_WORKER),
                Instant.now(), UUID.randomUUID(), TestUser.POLICE_UNIT, se.samverkan.contracts.LegalBasis.OSL_10_18A, null,
                List.of(se.samverkan.contracts.DataCategory.values()[0]), TestUser.SUPERVISOR.actor().userId()));
        CloudEvent other = send(new CaseTeamChanged(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SUPERVISOR), Instant.now(), List.of()));
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(referral.id()) == 1 && entriesWithEventId(other.id()) == 1);
        String export = export("?caseId=" + caseId + "&legalBasis=OSL_10_18A");
        ExportVerifier.Result result = verify(export);
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.entries()).isEqualTo(1);
        assertThat(export).contains(referral.id()).doesNotContain(other.id());
    }

    @Test
    void changingOneByteOfOneRowIsDetectedAndNamed() throws Exception {
        List<CloudEvent> events = appendSome(3);
        long leaf = leafOf(events.get(1));
        byte[] original = jdbc.queryForObject("SELECT entry FROM audit_entries WHERE leaf_index = ?", byte[].class, leaf);
        byte[] altered = original.clone();
        int at = new String(original).indexOf(TestUser.SUPERVISOR.id());
        altered[at] = (byte) (altered[at] == 'a' ? 'b' : 'a');
        try {
            tamper("UPDATE audit_entries SET entry = decode('" + hex(altered) + "', 'hex') WHERE leaf_index = " + leaf);
            ExportVerifier.Result result = verify(export(""));
            assertThat(result.ok()).isFalse();
            assertThat(result.message()).contains("leaf index " + leaf + " ", events.get(1).id(), "does not match");
        } finally {
            tamper("UPDATE audit_entries SET entry = decode('" + hex(original) + "', 'hex') WHERE leaf_index = " + leaf);
        }
        assertThat(verify(export("")).ok()).isTrue();
    }

    @Test
    void aChangedByteOfAnEntryOutsideTheFilterStillFailsTheFilteredExport() throws Exception {
        List<CloudEvent> events = appendSome(2);
        long leaf = leafOf(events.getFirst());
        byte[] original = jdbc.queryForObject("SELECT entry FROM audit_entries WHERE leaf_index = ?", byte[].class, leaf);
        byte[] altered = original.clone();
        int at = new String(original).indexOf(TestUser.SUPERVISOR.id());
        altered[at] = (byte) (altered[at] == 'a' ? 'b' : 'a');
        try {
            tamper("UPDATE audit_entries SET entry = decode('" + hex(altered) + "', 'hex') WHERE leaf_index = " + leaf);
            // a filter the tampered entry does not match: it is in the export as an omitted leaf, by hash
            ExportVerifier.Result result = verify(export("?caseId=" + UUID.randomUUID()));
            assertThat(result.ok()).isFalse();
            assertThat(result.message()).contains("omitted leaf " + leaf + " does not match");
        } finally {
            tamper("UPDATE audit_entries SET entry = decode('" + hex(original) + "', 'hex') WHERE leaf_index = " + leaf);
        }
    }

    @Test
    void deletingARowIsDetectedAndNamed() throws Exception {
        List<CloudEvent> events = appendSome(3);
        long leaf = leafOf(events.get(1));
        tamper("CREATE TABLE IF NOT EXISTS deleted_backup AS SELECT * FROM audit_entries WITH NO DATA");
        tamper("INSERT INTO deleted_backup SELECT * FROM audit_entries WHERE leaf_index = " + leaf);
        try {
            tamper("DELETE FROM audit_entries WHERE leaf_index = " + leaf);
            ExportVerifier.Result result = verify(export(""));
            assertThat(result.ok()).isFalse();
            assertThat(result.message()).contains("leaf index " + leaf + " is missing");
        } finally {
            tamper("INSERT INTO audit_entries SELECT * FROM deleted_backup WHERE leaf_index = " + leaf + " ON CONFLICT DO NOTHING");
            tamper("DELETE FROM deleted_backup");
        }
        assertThat(verify(export("")).ok()).isTrue();
    }

    @Test
    void reorderingRowsIsDetectedAndNamed() throws Exception {
        List<CloudEvent> events = appendSome(3);
        // the events may travel on different partitions, so their order in the log is the broker's
        long first = Math.min(leafOf(events.get(0)), leafOf(events.get(2)));
        long second = Math.max(leafOf(events.get(0)), leafOf(events.get(2)));
        String swap = "UPDATE audit_entries SET leaf_index = CASE leaf_index WHEN %d THEN -1 ELSE leaf_index END WHERE leaf_index = %d;"
                .formatted(first, first);
        try {
            // move row `first` to `second` and back: the rows keep their bytes but change their positions
            tamper("ALTER TABLE audit_entries DROP CONSTRAINT IF EXISTS audit_entries_leaf_index_check");
            tamper(swap + "UPDATE audit_entries SET leaf_index = " + first + " WHERE leaf_index = " + second + ";"
                    + "UPDATE audit_entries SET leaf_index = " + second + " WHERE leaf_index = -1");
            ExportVerifier.Result result = verify(export(""));
            assertThat(result.ok()).isFalse();
            // proofs take a leaf's sibling from the moved rows too, so the first entry named is `first` or,
            // when `first` is a right child, its left sibling
            assertThat(result.message()).contains("leaf index " + (first & ~1L) + " ", "does not match");
        } finally {
            tamper(swap + "UPDATE audit_entries SET leaf_index = " + first + " WHERE leaf_index = " + second + ";"
                    + "UPDATE audit_entries SET leaf_index = " + second + " WHERE leaf_index = -1");
            tamper("ALTER TABLE audit_entries ADD CONSTRAINT audit_entries_leaf_index_check CHECK (leaf_index >= 0)");
        }
        assertThat(verify(export("")).ok()).isTrue();
    }

    @org.springframework.beans.factory.annotation.Autowired
    se.samverkan.audit.log.LogIntegrity integrity;

    @Test
    void aRewrittenTreeNodeTurnsTheIntegrityHealthDown() {
        appendSome(4);
        long size = json(get("/api/audit/checkpoints/latest", TestUser.COMPLIANCE_OFFICER)).get("treeSize").asLong();
        // a whole pass now: the background check may have caught another test's (restored) tampering meanwhile
        assertThat(integrity.check().getStatus().getCode()).isEqualTo("UP");
        // the largest complete subtree on the left is part of every root computation of this size
        int level = 63 - Long.numberOfLeadingZeros(size);
        String node = " FROM tree_nodes WHERE level = " + level + " AND node_index = 0";
        String original = jdbc.queryForObject("SELECT encode(hash, 'hex')" + node, String.class);
        try {
            tamper("UPDATE tree_nodes SET hash = sha256(hash) WHERE level = " + level + " AND node_index = 0");
            assertThat(integrity.check().getStatus().getCode()).isEqualTo("DOWN");
        } finally {
            tamper("UPDATE tree_nodes SET hash = decode('" + original + "', 'hex') WHERE level = " + level + " AND node_index = 0");
        }
        assertThat(integrity.check().getStatus().getCode()).isEqualTo("UP");
    }

    @Test
    void anExportVerifiedWithAnotherKeyIsRejected() throws Exception {
        appendSome(1);
        NoteKeys.Verifier stranger = NoteKeys.parseSigner(NoteKeys.generateSigner("samverkan.local-audit-dev")).verifier();
        ExportVerifier.Result result = ExportVerifier.verify(new BufferedReader(new StringReader(export(""))), stranger, PRODUCERS);
        assertThat(result.ok()).isFalse();
        assertThat(result.message()).contains("checkpoint does not verify");
    }

    private List<CloudEvent> appendSome(int n) {
        List<CloudEvent> events = new ArrayList<>();
        UUID caseId = UUID.randomUUID();
        for (int i = 0; i < n; i++) {
            events.add(send(new CaseTeamChanged(caseRef(caseId, UUID.randomUUID()), ref(TestUser.SUPERVISOR), Instant.now(), List.of())));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> entriesWithEventId(events.getLast().id()) == 1);
        return events;
    }

    private long leafOf(CloudEvent event) {
        return jdbc.queryForObject("SELECT leaf_index FROM audit_entries WHERE event_id = ?::uuid", Long.class, event.id());
    }

    private String export(String query) {
        var response = get("/api/audit/export" + query, TestUser.COMPLIANCE_OFFICER);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private ExportVerifier.Result verify(String export) throws Exception {
        NoteKeys.Verifier key = NoteKeys.parseVerifier(get("/api/audit/public-key", (String) null).body());
        return ExportVerifier.verify(new BufferedReader(new StringReader(export)), key, PRODUCERS);
    }

    private static void tamper(String sql) {
        TestPostgres.execute(DB, "SET session_replication_role = replica; " + sql);
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
