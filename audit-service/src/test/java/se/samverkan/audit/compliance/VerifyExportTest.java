package se.samverkan.audit.compliance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.CompactRange;
import se.samverkan.audit.tlog.MerkleProofs;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.tlog.Rfc6962;
import se.samverkan.audit.tlog.SignedNote;
import se.samverkan.audit.verify.ExportVerifier;
import se.samverkan.audit.verify.ProducerKeys;
import se.samverkan.audit.verify.VerifyExport;

import se.samverkan.audit.log.Entries;
import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CaseRef;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.cases.CaseTeamChanged;
import se.samverkan.signing.EventKeys;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.platform.test.TestEventKeys;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline verifier (audit-verifier) on exports built here from an in-memory tree, in the service's export format:
 * entries are real contract CloudEvents signed as case-service signs them (one is the log's own entry, signed by
 * audit-service), so a change of the service's entries that the verifier would refuse shows here. The verifier's own
 * format tests are in audit-verifier; that its jar runs alone on a real export, in
 * {@code ExportVerificationIT#theRunnableVerifierJarChecksARealExportOnABareJdk}.
 */
class VerifyExportTest {

    private static final int SIZE = 11;
    private static final String PRODUCER_KEYS = TestEventKeys.trustedKeys();
    private static final CloudEventCodec CASE_SERVICE = new CloudEventCodec(URI.create("/samverkan/case-service"));
    private static final String ACTOR = "kim-supervisor";
    private final NoteKeys.Signer signer = NoteKeys.parseSigner(NoteKeys.generateSigner("test-log"));

    @TempDir
    Path dir;

    @Test
    void anHonestExportPassesWithExitCodeZero() throws Exception {
        assertThat(run(export(lines -> lines))).isEqualTo(0);
        assertThat(out.toString()).startsWith("OK: 11 entries verified").contains("; 11 producer signatures verified");
    }

    /** Issue 16 "Proof": the checkpoint key lets an operator rebuild the tree, never sign as case-service. */
    @Test
    void anOperatorWhoChangesDataAndRebuildsTheTreeAndCheckpointFailsOnlyThatEntrysProducerSignature() throws Exception {
        List<byte[]> entries = signedEntries();
        byte[] changed = entries.get(4).clone();
        int at = new String(changed, StandardCharsets.UTF_8).indexOf(ACTOR, new String(changed, StandardCharsets.UTF_8).indexOf("\"data\""));
        changed[at] = 'j';
        entries.set(4, changed);
        // leaf hash, tree, proofs and checkpoint recomputed over the changed bytes and signed with the log's key
        Path file = export(entries, lines -> lines);

        assertThat(run(file)).isEqualTo(1);
        assertThat(out.toString()).startsWith("FAIL: 1 of 11 entries fail their producer signature check (11 entries verified against")
                .contains("leaf index 4 ", "does not match its producer signature (key case-service/test)")
                .doesNotContain("leaf index 3 ", "leaf index 5 ");
        ExportVerifier.Result result = verifyInProcess(file, ProducerKeys.of(TestEventKeys.verifier().trustedKeys()));
        assertThat(result.producerFailedLeaves()).containsExactly(4L);
        assertThat(result.producerSigned()).isEqualTo(10);
        // without the producer keys the same file passes: the checkpoint alone cannot tell
        assertThat(verifyInProcess(file, ProducerKeys.NOT_CHECKED).ok()).isTrue();
    }

    @Test
    void unsignedEntriesFailUnlessBelowTheLeafIndexTheOperatorAcceptsAndAreCountedApart() throws Exception {
        List<byte[]> entries = signedEntries();
        for (int i : new int[]{0, 1, 2, 6}) {
            entries.set(i, CloudEventCodec.toBytes(event(i)));
        }
        Path file = export(entries, lines -> lines);

        assertThat(run(file)).isEqualTo(1);
        assertThat(out.toString()).startsWith("FAIL: 4 of 11 entries").contains("leaf index 0 ", "leaf index 6 ", "carries no producer signature");

        assertThat(run(file, "--accept-unsigned-below", "3")).isEqualTo(1);
        assertThat(out.toString()).startsWith("FAIL: 1 of 11 entries").contains("leaf index 6 ").doesNotContain("leaf index 0 ");

        entries.set(6, TestEventKeys.signed(event(6)));
        assertThat(run(export(entries, lines -> lines), "--accept-unsigned-below", "3")).isEqualTo(0);
        assertThat(out.toString()).contains("8 producer signatures verified", "3 entries below leaf index 3 carry no producer signature");
    }

    @Test
    void anEntrySignedByAnotherServiceOrAnUnknownKeyFails() throws Exception {
        List<byte[]> entries = signedEntries();
        // notification-service's key over an envelope claiming case-service: the key's service is not the source
        entries.set(2, TestEventKeys.forgedWith(TestEventKeys.signer("notification-service").key(), event(2)));
        EventKeys.SigningKey stranger = EventKeys.parseSigningKey(EventKeys.generateSigningKey("case-service/stolen"));
        entries.set(7, TestEventKeys.forgedWith(stranger, event(7)));

        assertThat(run(export(entries, lines -> lines))).isEqualTo(1);
        assertThat(out.toString()).startsWith("FAIL: 2 of 11 entries")
                .contains("leaf index 2 ", "key notification-service/test of notification-service, but its source names another producer")
                .contains("leaf index 7 ", "case-service/stolen, which is not among the producer keys given");
    }

    @Test
    void producerKeysAreReadAsTextOrAsTheJwkSetTheServicesPublish() throws Exception {
        Path file = export(lines -> lines);
        Path jwks = dir.resolve("case-service-keys.json");
        // what GET /api/event-signing-keys answers, one file per service
        Files.writeString(jwks, jwks("case-service") );
        Path audit = dir.resolve("audit-service-keys.json");
        Files.writeString(audit, jwks("audit-service"));
        assertThat(run(file, false, "--producer-keys", jwks.toString(), "--producer-keys", audit.toString())).isEqualTo(0);
        assertThat(out.toString()).contains("11 producer signatures verified");

        // audit-service's key left out: its own entry cannot be checked
        assertThat(run(file, false, "--producer-keys", jwks.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("leaf index 10 ", "audit-service/test, which is not among the producer keys given");
    }

    @Test
    void eachKindOfTamperingFailsNamingTheFirstBadEntry() throws Exception {
        // one changed byte in entry 4
        List<byte[]> entries = signedEntries();
        assertThat(run(export(entries, lines -> {
            lines.set(5, lines.get(5).replace(b64(entries.get(4)), b64(entries.get(5))));
            return lines;
        }))).isEqualTo(1);
        assertThat(out.toString()).contains("leaf index 4 ").contains("does not match");

        // entry 6 deleted
        assertThat(run(export(lines -> {
            lines.remove(7);
            return lines;
        }))).isEqualTo(1);
        assertThat(out.toString()).contains("leaf index 6 is missing");

        // entries 2 and 3 swapped, indexes renumbered to look contiguous
        assertThat(run(export(lines -> {
            String two = lines.get(3);
            String three = lines.get(4);
            lines.set(3, three.replace("\"leafIndex\":3", "\"leafIndex\":2"));
            lines.set(4, two.replace("\"leafIndex\":2", "\"leafIndex\":3"));
            return lines;
        }))).isEqualTo(1);
        assertThat(out.toString()).contains("leaf index 2 ").contains("does not match");

        // the end line dropped
        assertThat(run(export(lines -> {
            lines.removeLast();
            return lines;
        }))).isEqualTo(1);
        assertThat(out.toString()).contains("truncated");
    }

    @Test
    void aWrongKeyOrMissingArgumentsAreRefused() throws Exception {
        Path file = export(lines -> lines);
        String stranger = NoteKeys.parseSigner(NoteKeys.generateSigner("test-log")).verifier().encoded();
        assertThat(VerifyExport.run(new String[]{file.toString(), "--key", stranger, "--producer-keys", PRODUCER_KEYS})).isEqualTo(1);
        assertThat(VerifyExport.run(new String[]{file.toString()})).isEqualTo(2);
        // strict by default: no producer keys is misuse unless the operator says to skip the producer check
        assertThat(VerifyExport.run(new String[]{file.toString(), "--key", signer.verifier().encoded()})).isEqualTo(2);
        assertThat(run(file, false, "--no-producer-signatures")).isEqualTo(0);
        assertThat(out.toString()).contains("producer signatures NOT checked");
        assertThat(VerifyExport.run(new String[]{file.toString(), "--key", signer.verifier().encoded(), "--producer-keys", "not-a-key"}))
                .isEqualTo(2);
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int run(Path file, String... extra) {
        return run(file, true, extra);
    }

    private int run(Path file, boolean withProducerKeys, String... extra) {
        out.reset();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            List<String> args = new ArrayList<>(List.of(file.toString(), "--key", signer.verifier().encoded()));
            if (withProducerKeys) {
                args.addAll(List.of("--producer-keys", PRODUCER_KEYS));
            }
            args.addAll(List.of(extra));
            return VerifyExport.run(args.toArray(String[]::new));
        } finally {
            System.setOut(original);
        }
    }

    private ExportVerifier.Result verifyInProcess(Path file, ProducerKeys producers) throws Exception {
        try (var lines = Files.newBufferedReader(file)) {
            return ExportVerifier.verify(lines, signer.verifier(), producers);
        }
    }

    private static CloudEvent event(int i) {
        ActorRef actor = new ActorRef(ACTOR, List.of("supervisor"), Agency.SOCIAL_SERVICES, "0136", "haninge-ungdom");
        CaseRef caseRef = new CaseRef(UUID.nameUUIDFromBytes(("case" + i).getBytes(StandardCharsets.UTF_8)), Program.RAPID_INTERVENTION,
                "0136", "haninge-ungdom", UUID.randomUUID(), ProtectedIdentity.NONE);
        return CASE_SERVICE.wrap(UUID.randomUUID(), Instant.parse("2026-11-24T09:00:00Z").plusSeconds(i),
                new CaseTeamChanged(caseRef, actor, Instant.parse("2026-11-24T09:00:00Z").plusSeconds(i), List.of("anna-id")));
    }

    /** Ten case-service events and, last, one of the log's own entries (signed by audit-service). */
    private static List<byte[]> signedEntries() {
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < SIZE - 1; i++) {
            entries.add(TestEventKeys.signed(event(i)));
        }
        entries.add(Entries.internal(TestEventKeys.signer("audit-service"), UUID.randomUUID(), Entries.AUDIT_LOG_READ, "x",
                Instant.now(), null, null, null, Entries.object().put("operation", "export")).bytes());
        return entries;
    }

    private static String jwks(String service) {
        EventSigner key = TestEventKeys.signer(service);
        return "{\"source\":\"/samverkan/" + service + "\",\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"alg\":\"EdDSA\","
                + "\"use\":\"sig\",\"kid\":\"" + key.keyId() + "\",\"x\":\"" + EventKeys.encodePublic(key.key().publicKey())
                + "\",\"status\":\"active\"}]}";
    }

    private Path export(UnaryOperator<List<String>> tamper) throws Exception {
        return export(signedEntries(), tamper);
    }

    private Path export(List<byte[]> entries, UnaryOperator<List<String>> tamper) throws Exception {
        Map<String, byte[]> nodes = new HashMap<>();
        CompactRange range = CompactRange.empty();
        for (byte[] entry : entries) {
            range.append(Rfc6962.leafHash(entry)).forEach(n -> nodes.put(n.level() + "/" + n.index(), n.hash()));
        }
        MerkleProofs proofs = new MerkleProofs((level, index) -> nodes.get(level + "/" + index));
        String note = SignedNote.sign(new Checkpoint("test-log/audit", SIZE, range.root()).body(), signer);
        List<String> lines = new ArrayList<>();
        lines.add("{\"kind\":\"header\",\"format\":\"samverkan-audit-export/1\",\"scope\":\"range\",\"from\":0,\"to\":" + SIZE
                + ",\"treeSize\":" + SIZE + ",\"checkpoint\":\"" + note.replace("\n", "\\n") + "\"}");
        for (int i = 0; i < SIZE; i++) {
            StringBuilder proof = new StringBuilder();
            for (byte[] hash : proofs.inclusion(i, SIZE)) {
                proof.append(proof.isEmpty() ? "" : ",").append('"').append(Base64.getEncoder().encodeToString(hash)).append('"');
            }
            lines.add("{\"kind\":\"entry\",\"leafIndex\":" + i + ",\"eventId\":\"e" + i + "\",\"entry\":\""
                    + Base64.getEncoder().encodeToString(entries.get(i)) + "\",\"inclusionProof\":[" + proof + "]}");
        }
        lines.add("{\"kind\":\"end\",\"entries\":" + SIZE + "}");
        Path file = Files.createTempFile(dir, "export", ".jsonl");
        Files.write(file, tamper.apply(lines));
        return file;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
