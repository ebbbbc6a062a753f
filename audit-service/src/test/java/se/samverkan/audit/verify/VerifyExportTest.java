package se.samverkan.audit.verify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.CompactRange;
import se.samverkan.audit.tlog.MerkleProofs;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.tlog.Rfc6962;
import se.samverkan.audit.tlog.SignedNote;

import java.io.ByteArrayOutputStream;
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

/** The command-line verifier on exports built here from an in-memory tree, in the service's export format. */
class VerifyExportTest {

    private static final int SIZE = 11;
    private final NoteKeys.Signer signer = NoteKeys.parseSigner(NoteKeys.generateSigner("test-log"));

    @TempDir
    Path dir;

    @Test
    void anHonestExportPassesWithExitCodeZero() throws Exception {
        assertThat(run(export(lines -> lines))).isEqualTo(0);
        assertThat(out.toString()).startsWith("OK: 11 entries verified");
    }

    @Test
    void eachKindOfTamperingFailsNamingTheFirstBadEntry() throws Exception {
        // one changed byte in entry 4
        assertThat(run(export(lines -> {
            lines.set(5, lines.get(5).replace(b64("{\"n\":4}"), b64("{\"n\":5}")));
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
        assertThat(VerifyExport.run(new String[]{file.toString(), "--key", stranger})).isEqualTo(1);
        assertThat(VerifyExport.run(new String[]{file.toString()})).isEqualTo(2);
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int run(Path file) {
        out.reset();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            return VerifyExport.run(new String[]{file.toString(), "--key", signer.verifier().encoded()});
        } finally {
            System.setOut(original);
        }
    }

    private Path export(UnaryOperator<List<String>> tamper) throws Exception {
        Map<String, byte[]> nodes = new HashMap<>();
        CompactRange range = CompactRange.empty();
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            byte[] entry = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            entries.add(entry);
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

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
