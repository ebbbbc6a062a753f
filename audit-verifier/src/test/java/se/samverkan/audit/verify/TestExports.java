package se.samverkan.audit.verify;

import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.CompactRange;
import se.samverkan.audit.tlog.MerkleProofs;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.tlog.Rfc6962;
import se.samverkan.audit.tlog.SignedNote;
import se.samverkan.signing.EventKeys;
import se.samverkan.signing.SignedEnvelope;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exports in the service's format, built here with JDK code only: a tree over the entries, a checkpoint signed with a
 * fresh log key, entries that are CloudEvents signed as the producers sign them (the last one the log's own entry,
 * signed by audit-service), lines as {@code ExportWriter} writes them.
 */
final class TestExports {

    static final EventKeys.SigningKey CASE = key("case-service/test");
    static final EventKeys.SigningKey AUDIT = key("audit-service/test");
    static final EventKeys.SigningKey NOTIFICATION = key("notification-service/test");
    static final String PRODUCER_KEYS = CASE.publicKeyText() + "," + AUDIT.publicKeyText() + "," + NOTIFICATION.publicKeyText();
    static final String CASE_TYPE = "se.samverkan.case.case-team-changed.v1";
    static final String ACTOR = "kim-supervisor";

    final NoteKeys.Signer log = NoteKeys.parseSigner(NoteKeys.generateSigner("test-log"));
    final Path dir;

    TestExports(Path dir) {
        this.dir = dir;
    }

    static EventKeys.SigningKey key(String id) {
        return EventKeys.parseSigningKey(EventKeys.generateSigningKey(id));
    }

    /** An envelope as a producer serialises it, with its key id and without the signature. */
    static byte[] unsigned(int i, String service, String type, String keyId) {
        return ("{\"specversion\":\"1.0\",\"id\":\"00000000-0000-0000-0000-" + String.format("%012d", i) + "\",\"source\":\"/samverkan/"
                + service + "\",\"type\":\"" + type + "\",\"time\":\"2026-11-24T09:00:0" + (i % 10) + "Z\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"actor\":{\"userId\":\"" + ACTOR + "\"},\"note\":\"\\u00e5\"}"
                + (keyId == null ? "" : ",\"signaturekeyid\":\"" + keyId + "\"") + "}").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] signed(EventKeys.SigningKey key, int i, String service, String type) {
        return SignedEnvelope.sign(unsigned(i, service, type, key.keyId()), key.privateKey());
    }

    static byte[] caseEvent(int i) {
        return signed(CASE, i, "case-service", CASE_TYPE);
    }

    /** {@code size - 1} case-service events and, last, one of the log's own entries signed by audit-service. */
    static List<byte[]> entries(int size) {
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < size - 1; i++) {
            entries.add(caseEvent(i));
        }
        entries.add(signed(AUDIT, size - 1, "audit-service", "se.samverkan.audit.audit-log-read.v1"));
        return entries;
    }

    static String eventId(int i) {
        return "00000000-0000-0000-0000-" + String.format("%012d", i);
    }

    /** A whole-log export (range [0, size)) of these entries; leaves in {@code omitted} by hash only. */
    List<String> lines(List<byte[]> entries, Set<Integer> omitted) {
        return lines(entries, omitted, 0, entries.size());
    }

    List<String> lines(List<byte[]> entries, Set<Integer> omitted, int from, int to) {
        int size = entries.size();
        Map<String, byte[]> nodes = new HashMap<>();
        CompactRange range = CompactRange.empty();
        for (byte[] entry : entries) {
            range.append(Rfc6962.leafHash(entry)).forEach(n -> nodes.put(n.level() + "/" + n.index(), n.hash()));
        }
        MerkleProofs proofs = new MerkleProofs((level, index) -> nodes.get(level + "/" + index));
        String note = SignedNote.sign(new Checkpoint("test-log/audit", size, range.root()).body(), log);
        List<String> lines = new ArrayList<>();
        lines.add("{\"kind\":\"header\",\"format\":\"" + ExportFormat.CURRENT + "\",\"scope\":\"range\",\"from\":" + from + ",\"to\":" + to
                + ",\"treeSize\":" + size + ",\"checkpoint\":\"" + note.replace("\n", "\\n") + "\",\"municipality\":\"0136\",\"filter\":{}}");
        int full = 0;
        for (int i = from; i < to; i++) {
            StringBuilder proof = new StringBuilder();
            for (byte[] hash : proofs.inclusion(i, size)) {
                proof.append(proof.isEmpty() ? "" : ",").append('"').append(b64(hash)).append('"');
            }
            if (omitted.contains(i)) {
                lines.add("{\"kind\":\"omitted\",\"leafIndex\":" + i + ",\"leafHash\":\"" + b64(Rfc6962.leafHash(entries.get(i)))
                        + "\",\"inclusionProof\":[" + proof + "]}");
            } else {
                full++;
                lines.add("{\"kind\":\"entry\",\"leafIndex\":" + i + ",\"eventId\":\"" + eventId(i) + "\",\"entry\":\""
                        + b64(entries.get(i)) + "\",\"inclusionProof\":[" + proof + "]}");
            }
        }
        lines.add("{\"kind\":\"end\",\"entries\":" + full + ",\"omitted\":" + (to - from - full) + "}");
        return lines;
    }

    Path write(List<String> lines) throws IOException {
        return Files.write(Files.createTempFile(dir, "export", ".jsonl"), lines, StandardCharsets.UTF_8);
    }

    String key() {
        return log.verifier().encoded();
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Runs the command line in this JVM; returns exit code and what it printed. */
    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = VerifyExport.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /** The command line with the log key and every producer key, plus {@code extra}. */
    Run verify(Path file, String... extra) {
        List<String> args = new ArrayList<>(List.of(file.toString(), "--key", key(), "--producer-keys", PRODUCER_KEYS));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    record Run(int exitCode, String out, String err) {
    }
}
