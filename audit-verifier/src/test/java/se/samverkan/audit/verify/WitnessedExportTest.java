package se.samverkan.audit.verify;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.CompactRange;
import se.samverkan.audit.tlog.Cosignatures;
import se.samverkan.audit.tlog.MerkleProofs;
import se.samverkan.audit.tlog.Rfc6962;
import se.samverkan.audit.tlog.SignedNote;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.audit.verify.TestExports.b64;
import static se.samverkan.audit.verify.TestExports.entries;

/**
 * Issue 14, the verifier's half: k of n witness cosignatures, and a previously trusted checkpoint, each tied to the
 * export's checkpoint by a consistency proof. A log rebuilt from altered entries and re-signed with the log's own key
 * passes the log-key checks but fails both, naming why.
 */
class WitnessedExportTest {

    private static final int WITNESSED = 8;
    private static final int SIZE = 13;

    @TempDir
    Path dir;

    private TestExports exports;
    private final Cosignatures.Cosigner botkyrka = Cosignatures.parseCosigner(Cosignatures.generateCosigner("botkyrka.test/witness"));
    private final Cosignatures.Cosigner huddinge = Cosignatures.parseCosigner(Cosignatures.generateCosigner("huddinge.test/witness"));
    private final Cosignatures.Cosigner nynashamn = Cosignatures.parseCosigner(Cosignatures.generateCosigner("nynashamn.test/witness"));

    @BeforeEach
    void setUp() {
        exports = new TestExports(dir);
    }

    private static MerkleProofs tree(List<byte[]> entries) {
        Map<String, byte[]> nodes = new HashMap<>();
        CompactRange range = CompactRange.empty();
        for (byte[] entry : entries) {
            range.append(Rfc6962.leafHash(entry)).forEach(n -> nodes.put(n.level() + "/" + n.index(), n.hash()));
        }
        return new MerkleProofs((level, index) -> nodes.get(level + "/" + index));
    }

    private String note(List<byte[]> entries, int size) {
        return SignedNote.sign(new Checkpoint("test-log/audit", size, tree(entries).root(size)).body(), exports.log);
    }

    private static String cosigned(String note, Cosignatures.Cosigner... witnesses) {
        String body = note.substring(0, note.lastIndexOf("\n\n") + 1);
        StringBuilder out = new StringBuilder(note);
        for (Cosignatures.Cosigner witness : witnesses) {
            out.append(Cosignatures.cosign(body, witness, 1_764_000_000L));
        }
        return out.toString();
    }

    /** The export of {@code entries} with the witnessed notes and proofs (from the given sizes, over {@code proofTree}). */
    private Path export(List<byte[]> entries, List<String> witnessed, List<Integer> proofsFrom, List<byte[]> proofTree) throws Exception {
        List<String> lines = new ArrayList<>(exports.lines(entries, Set.of()));
        StringBuilder extra = new StringBuilder(",\"witnessed\":[");
        for (int i = 0; i < witnessed.size(); i++) {
            extra.append(i == 0 ? "" : ",").append('"').append(witnessed.get(i).replace("\n", "\\n")).append('"');
        }
        extra.append("],\"consistencyProofs\":[");
        for (int i = 0; i < proofsFrom.size(); i++) {
            StringBuilder proof = new StringBuilder();
            for (byte[] hash : tree(proofTree).consistency(proofsFrom.get(i), SIZE)) {
                proof.append(proof.isEmpty() ? "" : ",").append('"').append(b64(hash)).append('"');
            }
            extra.append(i == 0 ? "" : ",").append("{\"treeSize\":").append(proofsFrom.get(i)).append(",\"proof\":[").append(proof).append("]}");
        }
        extra.append("]");
        String header = lines.getFirst();
        lines.set(0, header.substring(0, header.length() - 1) + extra + "}");
        return exports.write(lines);
    }

    private String[] witnesses(String... extra) {
        List<String> args = new ArrayList<>(List.of("--witness", botkyrka.key().encoded(), "--witness", huddinge.key().encoded(),
                "--witness", nynashamn.key().encoded()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void anExportWhoseCheckpointIsConsistentWithOneCosignedByKOfNWitnessesPasses() throws Exception {
        List<byte[]> entries = entries(SIZE);
        String witnessed = cosigned(note(entries, WITNESSED), botkyrka, huddinge);
        Path file = export(entries, List.of(witnessed), List.of(WITNESSED), entries);

        TestExports.Run run = exports.verify(file, witnesses("--witnesses-required", "2"));
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).startsWith("OK: ").contains("2 of 3 witnesses cosigned (botkyrka.test/witness, huddinge.test/witness, 2 required)");
    }

    @Test
    void fewerThanKCosignaturesFail_andSoDoesNoWitnessedCheckpointAtAll() throws Exception {
        List<byte[]> entries = entries(SIZE);
        String witnessed = cosigned(note(entries, WITNESSED), botkyrka);
        TestExports.Run one = exports.verify(export(entries, List.of(witnessed), List.of(WITNESSED), entries), witnesses("--witnesses-required", "2"));
        assertThat(one.exitCode()).isEqualTo(1);
        assertThat(one.out()).startsWith("FAIL: only 1 of the 3 configured witnesses cosigned").contains("2 required");

        // a cosignature by a key that is not configured counts for nothing
        Cosignatures.Cosigner stranger = Cosignatures.parseCosigner(Cosignatures.generateCosigner("botkyrka.test/witness"));
        String strangers = cosigned(note(entries, WITNESSED), stranger);
        TestExports.Run none = exports.verify(export(entries, List.of(strangers), List.of(WITNESSED), entries), witnesses("--witnesses-required", "1"));
        assertThat(none.out()).startsWith("FAIL: only 0 of the 3 configured witnesses cosigned");

        // an older export (no witnessed member) fails as soon as witnesses are required
        Path plain = exports.write(exports.lines(entries, Set.of()));
        assertThat(exports.verify(plain, witnesses()).out()).startsWith("FAIL: only 0 of the 3");
    }

    @Test
    void aLogRebuiltFromAlteredEntriesAndReSignedWithTheLogsKeyFailsNamingTheReason() throws Exception {
        List<byte[]> honest = entries(SIZE);
        String witnessed = cosigned(note(honest, WITNESSED), botkyrka, huddinge);
        // the operator rebuilds the log with leaf 2 changed (here re-signed as case-service too, so only the anchors
        // can tell), keeps the witnesses' old note, and proves consistency from the rebuilt tree
        List<byte[]> rebuilt = new ArrayList<>(honest);
        rebuilt.set(2, TestExports.caseEvent(99));
        Path file = export(rebuilt, List.of(witnessed), List.of(WITNESSED), rebuilt);

        TestExports.Run withoutAnchors = exports.verify(file);
        assertThat(withoutAnchors.out()).as("the log key alone cannot tell").startsWith("OK: ");
        TestExports.Run run = exports.verify(file, witnesses("--witnesses-required", "2"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("FAIL: the export's checkpoint is not consistent with the checkpoint at tree size 8 that 2 configured witness(es) cosigned")
                .contains("a log rebuilt and re-signed with the operator's key");

        // dropping the witnessed checkpoint instead leaves no cosignature at all
        Path dropped = export(rebuilt, List.of(), List.of(), rebuilt);
        assertThat(exports.verify(dropped, witnesses("--witnesses-required", "2")).out()).startsWith("FAIL: only 0 of the 3");
    }

    @Test
    void aTrustedCheckpointMustBeAPrefixOfTheExportsCheckpoint() throws Exception {
        List<byte[]> honest = entries(SIZE);
        Path trusted = Files.writeString(dir.resolve("trusted.note"), note(honest, 5), StandardCharsets.UTF_8);

        TestExports.Run ok = exports.verify(export(honest, List.of(), List.of(5), honest), "--trusted-checkpoint", trusted.toString());
        assertThat(ok.exitCode()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("consistent with the trusted checkpoint at tree size 5");

        List<byte[]> rebuilt = new ArrayList<>(honest);
        rebuilt.set(1, TestExports.caseEvent(77));
        TestExports.Run rewritten = exports.verify(export(rebuilt, List.of(), List.of(5), rebuilt), "--trusted-checkpoint", trusted.toString());
        assertThat(rewritten.exitCode()).isEqualTo(1);
        assertThat(rewritten.out()).startsWith("FAIL: the export's checkpoint is not consistent with the trusted checkpoint at tree size 5")
                .contains("not the one you trusted before");

        TestExports.Run noProof = exports.verify(export(honest, List.of(), List.of(), honest), "--trusted-checkpoint", trusted.toString());
        assertThat(noProof.out()).startsWith("FAIL: the export carries no consistency proof from the trusted checkpoint at tree size 5");

        Path later = Files.writeString(dir.resolve("later.note"), note(entries(SIZE + 2), SIZE + 2), StandardCharsets.UTF_8);
        assertThat(exports.verify(export(honest, List.of(), List.of(), honest), "--trusted-checkpoint", later.toString()).out())
                .startsWith("FAIL: the export's checkpoint (tree size 13) is smaller than the trusted checkpoint at tree size 15");
    }

    @Test
    void misuseOfTheWitnessOptionsIsExitTwo() throws Exception {
        Path file = exports.write(exports.lines(entries(SIZE), Set.of()));
        assertThat(exports.verify(file, "--witness", exports.key()).exitCode()).isEqualTo(2);
        assertThat(exports.verify(file, "--witness", botkyrka.key().encoded(), "--witnesses-required", "2").exitCode()).isEqualTo(2);
        assertThat(exports.verify(file, "--trusted-checkpoint", dir.resolve("missing").toString()).exitCode()).isEqualTo(2);
    }
}
