package se.samverkan.localstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.CompactRange;
import se.samverkan.audit.tlog.Cosignatures;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.tlog.SignedNote;
import se.samverkan.audit.verify.Anchors;
import se.samverkan.audit.verify.ExportVerifier;
import se.samverkan.audit.verify.ProducerKeys;
import se.samverkan.localstack.secrets.StackSecrets;
import se.samverkan.localstack.services.ServiceProcess;
import se.samverkan.localstack.services.ServiceSpec;
import se.samverkan.platform.test.TestUser;
import se.samverkan.signing.EventKeys;
import se.samverkan.signing.SignedEnvelope;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.localstack.ItStack.token;

/**
 * Issue 14, witnessed checkpoints, end to end: Haninge's audit log and the demo partner's (Botkyrka's), two real
 * audit-service processes with their own databases and keys, witness each other. A database superuser who also holds
 * Haninge's keys (checkpoint key and audit-service's event key, as whoever holds the secrets would) stops Haninge's
 * audit-service, rebuilds its log from an altered entry, re-signs the entry and the checkpoint, and starts it again: the
 * log is then consistent in itself (integrity UP, every producer signature and Merkle proof verifies), but Botkyrka's
 * witness refuses to cosign it and raises a WITNESS_ALARM for the compliance officers, and the offline verifier fails
 * the export as soon as it requires Botkyrka's cosignature or is given a checkpoint trusted before. Before issue 14
 * nothing but the log's own key vouched for a checkpoint, so such a rewrite passed every check.
 */
class AttackerWitnessIT {

    private static final Duration PROPAGATION = Duration.ofSeconds(90);
    private static final String READ_TYPE = "se.samverkan.audit.audit-log-read.v1";

    private static Stack stack;
    private static StackSecrets secrets;
    private static String haninge;
    private static String botkyrka;

    @BeforeAll
    static void stack() {
        stack = ItStack.started();
        secrets = StackSecrets.loadOrCreate(stack.settings());
        haninge = ItStack.serviceUrl("audit-service");
        botkyrka = ItStack.serviceUrl(ServiceSpec.PARTNER_AUDIT);
    }

    @Test
    void a_superuser_who_rebuilds_haninges_log_from_an_altered_entry_and_re_signs_it_is_refused_by_botkyrkas_witness_and_fails_the_verifier()
            throws Exception {
        String eva = token(TestUser.COMPLIANCE_OFFICER);
        String hanna = token(TestUser.COMPLIANCE_OFFICER_BOTKYRKA);
        NoteKeys.Verifier haningeKey = NoteKeys.parseVerifier(Http.get(haninge + "/api/audit/public-key", null).body());
        Cosignatures.Key botkyrkaWitness = Cosignatures.parseKey(Http.get(botkyrka + "/api/audit/witness/key", null).body());

        // eva searches the log: the entry of that read is what the attacker will alter
        assertThat(Http.get(haninge + "/api/audit/entries?size=1", eva).statusCode()).isEqualTo(200);
        long altered = query("SELECT max(leaf_index) FROM audit_entries WHERE event_type = '" + READ_TYPE + "'");

        // Botkyrka cosigns a checkpoint of Haninge's that covers it, and Haninge collects the cosignature
        String originHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(ServiceSpec.HANINGE_AUDIT_ORIGIN.getBytes(StandardCharsets.UTF_8)));
        await("Botkyrka cosigns Haninge's log past leaf " + altered).atMost(PROPAGATION).pollInterval(Duration.ofSeconds(1)).until(() -> {
            HttpResponse<String> cosigned = Http.get(botkyrka + "/api/audit/witness/logs/" + originHash + "/checkpoint", null);
            return cosigned.statusCode() == 200 && Checkpoint.parse(SignedNote.open(cosigned.body(), haningeKey)).treeSize() > altered;
        });
        JsonNode witnessed = await("Haninge holds a witnessed checkpoint").atMost(PROPAGATION).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    HttpResponse<String> response = Http.get(haninge + "/api/audit/checkpoints/witnessed", eva);
                    return response.statusCode() == 200 ? Http.json(response) : null;
                }, view -> view != null && view.path("treeSize").asLong() > altered);
        assertThat(witnessed.path("cosignedBy").get(0).asString()).isEqualTo(botkyrkaWitness.name());
        // the officer keeps this checkpoint: it is what she trusts from now on
        Checkpoint trusted = Checkpoint.parse(SignedNote.open(witnessed.path("signedNote").asString(), haningeKey));

        ProducerKeys producers = ProducerKeys.of(EventKeys.parsePublicKeys(secrets.trustedEventKeys()));
        Anchors anchors = new Anchors(List.of(botkyrkaWitness), 1, trusted);
        ExportVerifier.Result honest = verify(export(eva, trusted.treeSize()), haningeKey, producers, anchors);
        assertThat(honest.ok()).as(honest.message()).isTrue();

        byte[] original = entry(altered);
        rebuildAndRestart(altered, alter(original));
        try {
            // Botkyrka refuses to cosign the rewritten log and raises the alarm for the compliance officers
            await("Botkyrka's WITNESS_ALARM").atMost(PROPAGATION).pollInterval(Duration.ofSeconds(1)).until(() -> {
                HttpResponse<String> items = Http.get(botkyrka + "/api/audit/review-items?rule=WITNESS_ALARM", hanna);
                return items.statusCode() == 200 && Http.json(items).path("items").findValuesAsString("detail").stream()
                        .anyMatch(detail -> detail.contains(ServiceSpec.HANINGE_AUDIT_ORIGIN + " "));
            });
            HttpResponse<String> stillCosigned = Http.get(botkyrka + "/api/audit/witness/logs/" + originHash + "/checkpoint", null);
            Checkpoint lastCosigned = Checkpoint.parse(SignedNote.open(stillCosigned.body(), haningeKey));
            // what Botkyrka last cosigned (past the altered leaf) is no checkpoint of the rewritten log
            assertThat(lastCosigned.treeSize()).isGreaterThan(altered);
            assertThat(query("SELECT count(*) FROM checkpoints WHERE tree_size = " + lastCosigned.treeSize()
                    + " AND root_hash = decode('" + HexFormat.of().formatHex(lastCosigned.rootHash()) + "', 'hex')"))
                    .as("Botkyrka never cosigned the rewritten log").isZero();

            // the rewritten export passes every check of the log's own key and the producers' keys ...
            String rewritten = export(eva, trusted.treeSize());
            ExportVerifier.Result keysOnly = verify(rewritten, haningeKey, producers, Anchors.NONE);
            assertThat(keysOnly.ok()).as("the rewrite is consistent in itself: " + keysOnly.message()).isTrue();
            // ... but not the witness's cosignature, nor the checkpoint the officer trusted before
            ExportVerifier.Result witnessedOnly = verify(rewritten, haningeKey, producers, new Anchors(List.of(botkyrkaWitness), 1, null));
            assertThat(witnessedOnly.ok()).isFalse();
            assertThat(witnessedOnly.message()).startsWith("FAIL: ").containsAnyOf("configured witnesses cosigned", "re-signed with the operator's key");
            ExportVerifier.Result trustedOnly = verify(rewritten, haningeKey, producers, new Anchors(List.of(), 0, trusted));
            assertThat(trustedOnly.ok()).isFalse();
            assertThat(trustedOnly.message()).startsWith("FAIL: the export's checkpoint is not consistent with the trusted checkpoint")
                    .contains("not the one you trusted before");
        } finally {
            // put the genuine entry back (the tree and a checkpoint rebuilt over it) so the rest of the suite meets an honest log
            rebuildAndRestart(altered, original);
        }
    }

    /** The attacker's change: the read's result count set to 0, re-signed with audit-service's event key. */
    private static byte[] alter(byte[] value) {
        byte[] unsigned = SignedEnvelope.split(value).orElseThrow().signedBytes();
        String text = new String(unsigned, StandardCharsets.UTF_8);
        String changed = text.replaceFirst("\"resultCount\":\\d+", "\"resultCount\":0");
        if (changed.equals(text)) {
            changed = text.replaceFirst("\"resultCount\":0", "\"resultCount\":7");
        }
        return SignedEnvelope.sign(changed.getBytes(StandardCharsets.UTF_8),
                EventKeys.parseSigningKey(secrets.eventSigningKey("audit-service")).privateKey());
    }

    /**
     * What a superuser holding Haninge's keys does: stop the service, replace the entry, rebuild every tree node from
     * the leaves, drop the checkpoints (and collected cosignatures) the new tree contradicts, sign a checkpoint over
     * the new tree with Haninge's key, start the service again.
     */
    private static void rebuildAndRestart(long leaf, byte[] bytes) throws Exception {
        ServiceProcess service = stack.services().stream().filter(s -> s.spec().name().equals("audit-service")).findFirst().orElseThrow();
        ServiceSpec spec = service.spec();
        running().close();
        try (Connection db = stack.postgres().superuserConnection("audit_service"); Statement sql = db.createStatement()) {
            db.setAutoCommit(false);
            sql.execute("SET session_replication_role = replica");
            try (PreparedStatement update = db.prepareStatement("UPDATE audit_entries SET entry = ?, leaf_hash = ? WHERE leaf_index = ?")) {
                update.setBytes(1, bytes);
                update.setBytes(2, se.samverkan.audit.tlog.Rfc6962.leafHash(bytes));
                update.setLong(3, leaf);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            List<byte[]> leaves = new ArrayList<>();
            try (ResultSet rows = sql.executeQuery("SELECT leaf_hash FROM audit_entries ORDER BY leaf_index")) {
                while (rows.next()) {
                    leaves.add(rows.getBytes(1));
                }
            }
            sql.execute("DELETE FROM tree_nodes");
            CompactRange range = CompactRange.empty();
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO tree_nodes (level, node_index, hash) VALUES (?, ?, ?)")) {
                for (byte[] hash : leaves) {
                    for (CompactRange.Node node : range.append(hash)) {
                        if (node.level() >= 1) {
                            insert.setShort(1, (short) node.level());
                            insert.setLong(2, node.index());
                            insert.setBytes(3, node.hash());
                            insert.addBatch();
                        }
                    }
                }
                insert.executeBatch();
            }
            sql.execute("DELETE FROM checkpoint_cosignatures");
            sql.execute("DELETE FROM checkpoints WHERE tree_size > " + leaf);
            String note = SignedNote.sign(new Checkpoint(ServiceSpec.HANINGE_AUDIT_ORIGIN, leaves.size(), range.root()).body(),
                    NoteKeys.parseSigner(secrets.auditSigningKey()));
            try (PreparedStatement checkpoint = db.prepareStatement(
                    "INSERT INTO checkpoints (tree_size, root_hash, signed_note, event_id, issued_at) VALUES (?, ?, ?, ?, ?)")) {
                checkpoint.setLong(1, leaves.size());
                checkpoint.setBytes(2, range.root());
                checkpoint.setString(3, note);
                checkpoint.setObject(4, UUID.randomUUID());
                checkpoint.setTimestamp(5, Timestamp.from(Instant.now()));
                checkpoint.executeUpdate();
            }
            db.commit();
        }
        restarted = ServiceProcess.start(stack.settings(), spec, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                Duration.ofMinutes(5));
        ServiceProcess started = restarted;
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "attacker-witness-restarted-audit-service"));
    }

    private static ServiceProcess restarted;

    /** The Haninge audit-service process running now: the stack's, or the one this test restarted. */
    private static ServiceProcess running() {
        return restarted != null ? restarted
                : stack.services().stream().filter(s -> s.spec().name().equals("audit-service")).findFirst().orElseThrow();
    }

    private static String export(String eva, long trustedSize) {
        HttpResponse<String> export = Http.get(haninge + "/api/audit/export?trustedSize=" + trustedSize, eva);
        assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
        return export.body();
    }

    private static ExportVerifier.Result verify(String export, NoteKeys.Verifier key, ProducerKeys producers, Anchors anchors) throws Exception {
        return ExportVerifier.verify(new BufferedReader(new StringReader(export)), key, producers, anchors);
    }

    private static byte[] entry(long leaf) throws SQLException {
        try (Connection db = stack.postgres().superuserConnection("audit_service");
             PreparedStatement select = db.prepareStatement("SELECT entry FROM audit_entries WHERE leaf_index = ?")) {
            select.setLong(1, leaf);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getBytes(1);
            }
        }
    }

    private static long query(String sql) throws SQLException {
        try (Connection db = stack.postgres().superuserConnection("audit_service"); Statement statement = db.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            assertThat(row.next()).isTrue();
            return row.getLong(1);
        }
    }
}
