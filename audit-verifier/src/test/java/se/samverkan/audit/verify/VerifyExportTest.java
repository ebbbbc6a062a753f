package se.samverkan.audit.verify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.signing.EventKeys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.audit.verify.TestExports.CASE_TYPE;
import static se.samverkan.audit.verify.TestExports.b64;
import static se.samverkan.audit.verify.TestExports.entries;
import static se.samverkan.audit.verify.TestExports.signed;
import static se.samverkan.audit.verify.TestExports.unsigned;

/**
 * The export format, line by line, as the command line sees it: what passes (exit 0), what is named as not matching
 * (exit 1, "FAIL: ..."), what is malformed (exit 1, "FAIL: the export is malformed: line N ..."), and misuse (exit 2).
 */
class VerifyExportTest {

    private static final int SIZE = 11;

    @TempDir
    Path dir;

    private TestExports exports;

    @org.junit.jupiter.api.BeforeEach
    void setUp() {
        exports = new TestExports(dir);
    }

    private TestExports.Run verify(List<String> lines, String... extra) throws Exception {
        return exports.verify(exports.write(lines), extra);
    }

    private List<String> honest() {
        return new ArrayList<>(exports.lines(entries(SIZE), Set.of()));
    }

    // --- what passes

    @Test
    void anHonestWholeLogExportPassesWithExitZeroAndSaysWhatItChecked() throws Exception {
        TestExports.Run run = verify(honest());

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).startsWith("OK: 11 entries verified against the checkpoint of test-log/audit at tree size 11")
                .contains("no leaf of [0, 11) is missing", "11 producer signatures verified");
    }

    @Test
    void omittedLeavesAreCheckedByHashAndCountedApart() throws Exception {
        TestExports.Run run = verify(exports.lines(entries(SIZE), Set.of(2, 3, 9)));

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).startsWith("OK: 8 entries (and 3 omitted leaves, by hash").contains("8 producer signatures verified");
    }

    @Test
    void aRangeExportCoversExactlyItsRange() throws Exception {
        TestExports.Run run = verify(exports.lines(entries(SIZE), Set.of(), 3, 8));
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("5 entries verified", "no leaf of [3, 8) is missing");

        List<String> lines = new ArrayList<>(exports.lines(entries(SIZE), Set.of(), 3, 8));
        lines.remove(lines.size() - 2);
        lines.set(lines.size() - 1, "{\"kind\":\"end\",\"entries\":4,\"omitted\":0}");
        run = verify(lines);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("FAIL: entries 7 to 7 are missing from the end of the export\n");
    }

    // --- the header

    @Test
    void theHeaderMustBeFirstOfAKnownFormatAndSignedByTheGivenKey() throws Exception {
        List<String> lines = honest();
        lines.removeFirst();
        assertThat(verify(lines).out()).isEqualTo("FAIL: line 1 is not an export header\n");

        lines = honest();
        lines.set(0, lines.getFirst().replace(ExportFormat.CURRENT, "samverkan-audit-export/3"));
        TestExports.Run run = verify(lines);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("format samverkan-audit-export/3 is not one this verifier reads");

        String stranger = NoteKeys.parseSigner(NoteKeys.generateSigner("test-log")).verifier().encoded();
        run = TestExports.run(exports.write(honest()).toString(), "--key", stranger, "--producer-keys", TestExports.PRODUCER_KEYS);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("FAIL: the checkpoint does not verify with key test-log");

        lines = honest();
        lines.set(0, lines.getFirst().replace("\"treeSize\":11", "\"treeSize\":12"));
        assertThat(verify(lines).out()).isEqualTo("FAIL: the header's tree size differs from the signed checkpoint's\n");

        lines = honest();
        lines.set(0, lines.getFirst().replace("\"to\":11", "\"to\":12"));
        assertThat(verify(lines).out()).contains("range [0, 12) does not lie within the tree of size 11");
    }

    @Test
    void anEmptyFileFails() throws Exception {
        TestExports.Run run = verify(List.of());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("FAIL: the export is empty\n");
    }

    // --- entries and proofs

    @Test
    void aChangedByteInAnEntryIsNamedByLeafIndexAndEventId() throws Exception {
        List<byte[]> entries = entries(SIZE);
        List<String> lines = honest();
        byte[] changed = entries.get(4).clone();
        changed[40] ^= 1;
        lines.set(5, lines.get(5).replace(b64(entries.get(4)), b64(changed)));

        TestExports.Run run = TestExports.run(exports.write(lines).toString(), "--key", exports.key(), "--no-producer-signatures");
        assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).startsWith("FAIL: entry at leaf index 4 (event " + TestExports.eventId(4) + ") does not match the signed checkpoint");
    }

    @Test
    void aChangedProofHashAMissingProofAndAMisplacedLeafFail() throws Exception {
        List<String> lines = honest();
        String proofHash = lines.get(3).replaceAll(".*\"inclusionProof\":\\[\"([^\"]+)\".*", "$1");
        lines.set(3, lines.get(3).replace(proofHash, b64(new byte[32])));
        assertThat(verify(lines).out()).startsWith("FAIL: entry at leaf index 2 ").contains("does not match the signed checkpoint");

        lines = honest();
        lines.set(3, lines.get(3).replaceAll("\"inclusionProof\":\\[[^]]*]", "\"inclusionProof\":null"));
        assertThat(verify(lines).out()).isEqualTo("FAIL: entry at leaf index 2 (event " + TestExports.eventId(2)
                + ") has no inclusion proof: the log around it was altered\n");

        // two entries swapped and renumbered to look contiguous
        lines = honest();
        String two = lines.get(3);
        String three = lines.get(4);
        lines.set(3, three.replace("\"leafIndex\":3", "\"leafIndex\":2"));
        lines.set(4, two.replace("\"leafIndex\":2", "\"leafIndex\":3"));
        assertThat(verify(lines).out()).startsWith("FAIL: entry at leaf index 2 ").contains("does not match");

        // a line repeated
        lines = honest();
        lines.add(4, lines.get(3));
        assertThat(verify(lines).out()).contains("leaf index 2 (event " + TestExports.eventId(2) + ") is out of order: it follows leaf index 2");

        // a leaf deleted
        lines = honest();
        lines.remove(7);
        assertThat(verify(lines).out()).isEqualTo("FAIL: entry at leaf index 6 is missing: the export jumps from 5 to 7\n");
    }

    @Test
    void everyProofIsCheckedInAWholeLogExportAndInARangeEvenWhereItsNeighbourSharesItsPath() throws Exception {
        // leaves 4 and 5 share their parent: 5's proof with its top element changed must fail although 4 just passed
        // with the same lower hashes (the verifier reuses what the previous proof hashed only where all that follows matches)
        List<String> lines = honest();
        List<String> elements = proofElements(lines.get(6));
        String top = elements.getLast();
        byte[] changed = java.util.Base64.getDecoder().decode(top);
        changed[31] ^= 1;
        lines.set(6, lines.get(6).replace("\"" + top + "\"]", "\"" + b64(changed) + "\"]"));
        assertThat(verify(lines).out()).isEqualTo("FAIL: entry at leaf index 5 (event " + TestExports.eventId(5)
                + ") does not match the signed checkpoint: its bytes were changed, or it was moved from another position\n");

        // a range that does not start at leaf 0 recomputes no root: its proofs alone tie it to the checkpoint
        List<byte[]> entries = entries(SIZE);
        lines = new ArrayList<>(exports.lines(entries, Set.of(), 3, 8));
        byte[] altered = entries.get(6).clone();
        altered[40] ^= 1;
        lines.set(4, lines.get(4).replace(b64(entries.get(6)), b64(altered)));
        TestExports.Run run = TestExports.run(exports.write(lines).toString(), "--key", exports.key(), "--no-producer-signatures");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("FAIL: entry at leaf index 6 (event " + TestExports.eventId(6) + ") does not match the signed checkpoint");
    }

    private static List<String> proofElements(String line) {
        String list = line.replaceAll(".*\"inclusionProof\":\\[([^]]*)].*", "$1");
        return java.util.Arrays.stream(list.split(",")).map(quoted -> quoted.substring(1, quoted.length() - 1)).toList();
    }

    @Test
    void aChangedOmittedLeafHashFails() throws Exception {
        List<String> lines = new ArrayList<>(exports.lines(entries(SIZE), Set.of(5)));
        String hash = lines.get(6).replaceAll(".*\"leafHash\":\"([^\"]+)\".*", "$1");
        lines.set(6, lines.get(6).replace(hash, b64(new byte[32])));

        TestExports.Run run = verify(lines);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("FAIL: omitted leaf 5 does not match the signed checkpoint");
    }

    // --- truncation and counts

    @Test
    void aTruncatedExportOrWrongCountsFail() throws Exception {
        List<String> lines = honest();
        lines.removeLast();
        assertThat(verify(lines).out()).isEqualTo("FAIL: the export is truncated: no end line after 11 entries\n");

        lines = honest();
        lines.subList(5, lines.size()).clear();
        assertThat(verify(lines).out()).isEqualTo("FAIL: the export is truncated: no end line after 4 entries\n");

        lines = honest();
        lines.set(lines.size() - 1, "{\"kind\":\"end\",\"entries\":12,\"omitted\":0}");
        assertThat(verify(lines).out()).isEqualTo("FAIL: the export says it has 12 entries but 11 were found\n");

        lines = honest();
        lines.set(lines.size() - 1, "{\"kind\":\"end\",\"entries\":11,\"omitted\":1}");
        assertThat(verify(lines).out()).isEqualTo("FAIL: the export says it omits 1 leaves but 0 were found\n");
    }

    // --- producer signatures

    @Test
    void anEntryRewrittenWithTreeAndCheckpointRebuiltFailsOnlyItsProducerSignature() throws Exception {
        List<byte[]> entries = entries(SIZE);
        byte[] changed = entries.get(4).clone();
        String text = new String(changed, StandardCharsets.UTF_8);
        changed[text.indexOf(TestExports.ACTOR)] = 'j';
        entries.set(4, changed);
        // the log's key re-signs a checkpoint over the changed bytes: the Merkle checks pass
        Path file = exports.write(exports.lines(entries, Set.of()));

        TestExports.Run run = exports.verify(file);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("FAIL: 1 of 11 entries fail their producer signature check (11 entries verified against")
                .contains("leaf index 4 ", "does not match its producer signature (key case-service/test)")
                .doesNotContain("leaf index 3 ", "leaf index 5 ");
        assertThat(TestExports.run(file.toString(), "--key", exports.key(), "--no-producer-signatures").out())
                .startsWith("OK: ").contains("producer signatures NOT checked");
    }

    @Test
    void unsignedEntriesForeignKeysAndTypesAProducerMayNotSayFailEachNamed() throws Exception {
        List<byte[]> entries = entries(SIZE);
        entries.set(1, unsigned(1, "case-service", CASE_TYPE, null));
        // notification-service's key over an envelope claiming case-service
        entries.set(2, signed(TestExports.NOTIFICATION, 2, "case-service", CASE_TYPE));
        entries.set(3, signed(TestExports.key("case-service/stolen"), 3, "case-service", CASE_TYPE));
        // case-service may not produce notification-service's type
        entries.set(5, signed(TestExports.CASE, 5, "case-service", "se.samverkan.access.directory-entry-changed.v1"));
        entries.set(6, "{\"not\":\"an envelope\"".getBytes(StandardCharsets.UTF_8));

        TestExports.Run run = verify(exports.lines(entries, Set.of()));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("FAIL: 5 of 11 entries fail their producer signature check")
                .contains("leaf index 1 (event " + TestExports.eventId(1) + ") carries no producer signature")
                .contains("leaf index 2 ", "key notification-service/test of notification-service, but its source names another producer")
                .contains("leaf index 3 ", "case-service/stolen, which is not among the producer keys given")
                .contains("leaf index 5 ", "has a type case-service may not produce")
                .contains("leaf index 6 ", "is not a JSON envelope");
    }

    @Test
    void unsignedEntriesPassOnlyBelowTheAcceptedLeafIndexAndAreCountedApart() throws Exception {
        List<byte[]> entries = entries(SIZE);
        for (int i : new int[]{0, 1, 2}) {
            entries.set(i, unsigned(i, "case-service", CASE_TYPE, null));
        }
        List<String> lines = exports.lines(entries, Set.of());
        TestExports.Run run = verify(lines, "--accept-unsigned-below", "3");
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("8 producer signatures verified", "3 entries below leaf index 3 carry no producer signature");

        assertThat(verify(lines, "--accept-unsigned-below", "2").out()).startsWith("FAIL: 1 of 11").contains("leaf index 2 ");
    }

    @Test
    void producerKeysAreReadAsTextAsAFileOrAsTheJwkSetsTheServicesPublish() throws Exception {
        Path file = exports.write(honest());
        Path caseKeys = Files.writeString(dir.resolve("case-keys.json"), jwks(TestExports.CASE));
        Path auditKeys = Files.writeString(dir.resolve("audit-keys.json"), jwks(TestExports.AUDIT));
        Path text = Files.writeString(dir.resolve("keys.txt"), TestExports.PRODUCER_KEYS + "\n");

        assertThat(TestExports.run(file.toString(), "--key", exports.key(), "--producer-keys", caseKeys.toString(),
                "--producer-keys", auditKeys.toString()).exitCode()).isZero();
        Path keyFile = Files.writeString(dir.resolve("log.key"), exports.key() + "\n");
        assertThat(TestExports.run(file.toString(), "--key-file", keyFile.toString(), "--producer-keys", text.toString()).exitCode()).isZero();

        // audit-service's key left out: its own entry cannot be checked
        TestExports.Run run = TestExports.run(file.toString(), "--key", exports.key(), "--producer-keys", caseKeys.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("leaf index 10 ", "audit-service/test, which is not among the producer keys given");
    }

    /**
     * A forger appends an entry (a copy of an honest line, proof and producer signature included) after the end line:
     * a program reading the file's entries would count it, so the verifier must not say OK.
     */
    @Test
    void anEntryAppendedAfterTheEndLineFailsTheFile() throws Exception {
        List<String> lines = honest();
        lines.add("");
        assertThat(verify(lines).exitCode()).as("a blank line after the end").isZero();
        lines.add(lines.get(3));
        TestExports.Run run = verify(lines);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("FAIL: line " + lines.size() + " follows the end line: an export ends there, and nothing after it is verified\n");
    }

    // --- malformed lines

    @Test
    void aMalformedLineFailsNamingTheLineAndWhatIsWrong() throws Exception {
        assertMalformed(5, "{\"kind\":\"entry\",", "FAIL: the export is malformed: line 5 is not JSON: invalid JSON at character 16: "
                + "unexpected end of input");
        assertMalformed(5, "[1,2]", "FAIL: the export is malformed: line 5 is not a JSON object");
        assertMalformed(5, "{\"kind\":\"entry\",\"kind\":\"end\"}", "line 5 is not JSON: invalid JSON at character 16: the member name \"kind\" occurs twice");
        assertMalformed(5, "{\"kind\":\"entry\",\"leafIndex\":3} x", "line 5 is not JSON: invalid JSON at character 31: unexpected characters after the value");
        assertMalformed(5, "{\"kind\":\"entry\",\"leafIndex\":\"3\"}", "line 5: the member \"leafIndex\" must be a whole number");
        assertMalformed(5, "{\"kind\":\"entry\",\"leafIndex\":3.5}", "line 5: the member \"leafIndex\" must be a whole number");
        assertMalformed(5, "{\"kind\":\"entry\",\"leafIndex\":3}", "line 5: the member \"entry\" must be a string, and is missing");
        assertMalformed(5, "{\"kind\":\"entry\",\"leafIndex\":3,\"entry\":\"***\"}", "line 5: the member \"entry\" must be base64");
        assertMalformed(5, "{\"kind\":\"entry\",\"leafIndex\":3,\"entry\":\"e30=\",\"inclusionProof\":[\"AA==\"]}",
                "line 5: the member \"inclusionProof\" must be a list of base64 32-byte hashes");
        assertMalformed(5, "{\"kind\":\"surprise\",\"leafIndex\":3}", "line 5: the kind surprise is none of entry, omitted, end");
        assertMalformed(1, "{\"kind\":\"header\",\"format\":\"" + ExportFormat.CURRENT + "\"}", "line 1: the member \"checkpoint\" must be a string");
    }

    @Test
    void aFileThatIsNotUtf8FailsSayingSo() throws Exception {
        Path file = exports.write(honest());
        byte[] bytes = Files.readAllBytes(file);
        // two bytes that are no UTF-8 (0xC3 starts a two-byte sequence, 0x28 cannot continue it): a line of them after
        // the first entry, or at the very end of the file
        int afterFirstEntry = indexOf(bytes, (byte) '\n', indexOf(bytes, (byte) '\n', 0) + 1) + 1;
        for (int at : new int[]{afterFirstEntry, bytes.length}) {
            byte[] broken = new byte[bytes.length + 3];
            System.arraycopy(bytes, 0, broken, 0, at);
            broken[at] = (byte) 0xC3;
            broken[at + 1] = (byte) 0x28;
            broken[at + 2] = '\n';
            System.arraycopy(bytes, at, broken, at + 3, bytes.length - at);
            Files.write(file, broken);

            TestExports.Run run = exports.verify(file);
            assertThat(run.exitCode()).as("at byte %d", at).isEqualTo(1);
            assertThat(run.out()).as("at byte %d", at).isEqualTo("FAIL: the export is malformed: it is not UTF-8 text\n");
        }
    }

    @Test
    void aLineLongerThanAnyTheServiceWritesFailsTheFileNamingTheLine() throws Exception {
        List<String> lines = honest();
        Path file = exports.write(lines.subList(0, 3));
        // a hostile file: an endless line after two honest ones (the bound, plus a little)
        try (var out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
            byte[] block = "A".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i <= LineSource.MAX_LINE_BYTES >> 20; i++) {
                out.write(block);
            }
        }
        TestExports.Run run = exports.verify(file);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("FAIL: the export is malformed: line 4 is longer than 64 MiB, far beyond any line the service writes\n");
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("no byte " + b + " from " + from);
    }

    private void assertMalformed(int lineNumber, String line, String expected) throws Exception {
        List<String> lines = honest();
        lines.set(lineNumber - 1, line);
        TestExports.Run run = verify(lines);
        assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).startsWith("FAIL: the export is malformed: ").contains(expected);
        assertThat(run.out()).doesNotContain("Exception");
    }

    // --- misuse

    @Test
    void misuseExitsWithTwoAndTheUsage() throws Exception {
        String file = exports.write(honest()).toString();
        assertThat(TestExports.run().exitCode()).isEqualTo(2);
        assertThat(TestExports.run(file).err()).contains("usage: java -jar audit-verifier.jar");
        // strict by default: no producer keys is misuse unless the operator says to skip the producer check
        assertThat(TestExports.run(file, "--key", exports.key()).exitCode()).isEqualTo(2);
        assertThat(TestExports.run(file, "--key", exports.key(), "--producer-keys", "not-a-key").exitCode()).isEqualTo(2);
        assertThat(TestExports.run(file, "--key", exports.key(), "--producer-keys", TestExports.PRODUCER_KEYS, "--key").exitCode()).isEqualTo(2);
        assertThat(TestExports.run(file, "--key", exports.key(), "--no-producer-signatures", "--accept-unsigned-below", "3").exitCode())
                .isEqualTo(2);
        assertThat(TestExports.run(file, "--key", exports.key(), "--producer-keys", TestExports.PRODUCER_KEYS,
                "--producer-keys", TestExports.CASE.publicKeyText()).err()).contains("case-service/test is given twice");
        TestExports.Run missing = TestExports.run(dir.resolve("nothing.jsonl").toString(), "--key", exports.key(), "--no-producer-signatures");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.out()).startsWith("FAIL: no such file");
    }

    private static String jwks(EventKeys.SigningKey key) {
        return "{\"source\":\"/samverkan/" + key.service() + "\",\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"alg\":\"EdDSA\","
                + "\"use\":\"sig\",\"kid\":\"" + key.keyId() + "\",\"x\":\"" + EventKeys.encodePublic(key.publicKey())
                + "\",\"status\":\"active\"}]}";
    }

}
