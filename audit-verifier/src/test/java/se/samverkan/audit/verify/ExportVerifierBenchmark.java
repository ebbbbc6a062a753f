package se.samverkan.audit.verify;

import org.junit.jupiter.api.Test;
import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.CompactRange;
import se.samverkan.audit.tlog.InclusionVerifier;
import se.samverkan.audit.tlog.MerkleProofs;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.tlog.ProofVerifier;
import se.samverkan.audit.tlog.Rfc6962;
import se.samverkan.audit.tlog.SignedNote;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test (the name matches neither *Test nor *IT, so builds never run it): where the structural verification of
 * a whole-log export spends its time, without a database. Writes an export of {@code bench.entries} (1,000,000)
 * entries of about {@code bench.entryBytes} (1,000) bytes each, lines as the service writes them (about 2.3 kB, as
 * audit-service's {@code AuditLogBenchmark} exports), then times passes over the file: reading lines, + parsing the
 * JSON, + decoding and leaf hashing, + every proof with {@link ProofVerifier} (each on its own, as before) or with
 * {@link InclusionVerifier}, and the whole {@link ExportVerifier} (structure only) from a reader's text and from the
 * file's bytes (as the command line reads it). {@code -Dbench.keep=<file>} keeps the export there and prints the
 * command that verifies it with the jar. Run:
 * <pre>./mvnw -B -ntp -q -pl audit-verifier -am test -Dtest=ExportVerifierBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.entries=1000000</pre>
 */
class ExportVerifierBenchmark {

    private static final int ENTRIES = Integer.getInteger("bench.entries", 1_000_000);
    private static final int ENTRY_BYTES = Integer.getInteger("bench.entryBytes", 1_000);
    /** Entries signed by a producer key as case-service signs (about 450 bytes each), and a run that checks them too. */
    private static final boolean SIGNED = Boolean.getBoolean("bench.signed");

    @Test
    void structuralVerification() throws Exception {
        NoteKeys.Signer log = NoteKeys.parseSigner(NoteKeys.generateSigner("bench-log"));
        Path file = Files.createTempFile("export-bench", ".jsonl");
        try {
            long writeStart = System.nanoTime();
            write(file, log);
            System.out.printf("%nwrote %,d entries, %,d MB in %.1f s; load average %s%n", ENTRIES, Files.size(file) >> 20,
                    (System.nanoTime() - writeStart) / 1e9, load());

            for (int round = 1; round <= Integer.getInteger("bench.rounds", 1); round++) {
                System.out.printf("-- round %d (load average %s)%n", round, load());
                time("read lines", file, line -> { });
                time("read + JSON", file, line -> Line.of(line, 2));
                time("read + JSON + base64 + leaf hash", file, new Decoding(log.verifier(), null, false));
                Decoding perProof = new Decoding(log.verifier(), null, true);
                time("  ... + every proof, ProofVerifier", file, perProof);
                System.out.printf("      of which the proofs: %.1f s%n", perProof.proofNanos / 1e9);
                Decoding shared = new Decoding(log.verifier(), new InclusionVerifier[1], true);
                time("  ... + every proof, InclusionVerifier", file, shared);
                System.out.printf("      of which the proofs: %.1f s (%,d node hashes)%n", shared.proofNanos / 1e9, shared.inclusion[0].hashes());
                for (boolean bytes : new boolean[]{false, true}) {
                    for (int decodeThreads : new int[]{1, DecodedLines.defaultThreads()}) {
                        long start = System.nanoTime();
                        ExportVerifier.Result result;
                        try (BufferedReader lines = bytes ? null : Files.newBufferedReader(file);
                             InputStream in = bytes ? Files.newInputStream(file) : null) {
                            result = bytes
                                    ? ExportVerifier.verify(in, log.verifier(), ProducerKeys.NOT_CHECKED, Anchors.NONE, 1,
                                    ProducerChecks.WINDOW_PER_THREAD, decodeThreads)
                                    : ExportVerifier.verify(lines, log.verifier(), ProducerKeys.NOT_CHECKED, Anchors.NONE, 1,
                                    ProducerChecks.WINDOW_PER_THREAD, decodeThreads);
                        }
                        System.out.printf("ExportVerifier, structure only, %s, %d decode thread(s): %.1f s  (%s)%n",
                                bytes ? "the file's bytes (as the command line reads it)" : "a reader's text", decodeThreads,
                                (System.nanoTime() - start) / 1e9, result.message().substring(0, Math.min(100, result.message().length())));
                        assertThat(result.ok()).as(result.message()).isTrue();
                    }
                }
            }
            if (SIGNED) {
                for (int threads : new int[]{1, Runtime.getRuntime().availableProcessors()}) {
                    long start = System.nanoTime();
                    ExportVerifier.Result result;
                    try (InputStream in = Files.newInputStream(file)) {
                        result = ExportVerifier.verify(in, log.verifier(), ProducerKeys.of(ProducerKeys.parse(TestExports.PRODUCER_KEYS)),
                                Anchors.NONE, threads, ProducerChecks.WINDOW_PER_THREAD, DecodedLines.defaultThreads());
                    }
                    System.out.printf("ExportVerifier, with producer signatures on %d thread(s): %.1f s  (%s)%n", threads,
                            (System.nanoTime() - start) / 1e9, result.message().substring(result.message().indexOf("; " + ENTRIES + " producer") + 2));
                    assertThat(result.ok()).as(result.message()).isTrue();
                }
            }
            System.out.printf("load average after: %s%n", load());
            String keep = System.getProperty("bench.keep");
            if (keep != null) {
                // for the command line in a JVM of its own, cold, as an auditor runs it
                Files.move(file, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                System.out.printf("kept the export: java -jar audit-verifier/target/audit-verifier.jar %s --key '%s' %s%n",
                        keep, log.verifier().encoded(), SIGNED ? "--producer-keys '" + TestExports.PRODUCER_KEYS + "'" : "--no-producer-signatures");
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private interface LineWork {
        void accept(String line);
    }

    /** Decodes an entry line as the verifier does; optionally verifies its proof, timing only that. */
    private static final class Decoding implements LineWork {
        final NoteKeys.Verifier key;
        final InclusionVerifier[] inclusion;
        final boolean proofs;
        final MessageDigest sha = Rfc6962.sha256();
        byte[] root;
        long treeSize;
        long proofNanos;

        Decoding(NoteKeys.Verifier key, InclusionVerifier[] inclusion, boolean proofs) {
            this.key = key;
            this.inclusion = inclusion;
            this.proofs = proofs;
        }

        @Override
        public void accept(String text) {
            Line line = Line.of(text, 2);
            String kind = line.string("kind");
            if ("header".equals(kind)) {
                Checkpoint checkpoint = Checkpoint.parse(SignedNote.open(line.string("checkpoint"), key));
                root = checkpoint.rootHash();
                treeSize = checkpoint.treeSize();
                if (inclusion != null) {
                    inclusion[0] = new InclusionVerifier(treeSize, root);
                }
                return;
            }
            if (!"entry".equals(kind)) {
                return;
            }
            long index = line.integer("leafIndex");
            byte[] leafHash = Rfc6962.leafHash(sha, line.base64("entry"));
            List<byte[]> proof = line.base64List("inclusionProof");
            if (proofs) {
                long start = System.nanoTime();
                boolean ok = inclusion == null ? ProofVerifier.verifyInclusion(index, treeSize, leafHash, proof, root)
                        : inclusion[0].verify(index, leafHash, proof);
                proofNanos += System.nanoTime() - start;
                if (!ok) {
                    throw new AssertionError("leaf " + index + " does not verify");
                }
            }
        }
    }

    private static void time(String what, Path file, LineWork work) throws IOException {
        long start = System.nanoTime();
        long lines = 0;
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            String line;
            while ((line = reader.readLine()) != null) {
                work.accept(line);
                lines++;
            }
        }
        System.out.printf("%-45s %6.1f s  (%,d lines)%n", what, (System.nanoTime() - start) / 1e9, lines);
    }

    private static void write(Path file, NoteKeys.Signer log) throws IOException {
        List<byte[]> entries = SIGNED
                ? java.util.stream.IntStream.range(0, ENTRIES).parallel().mapToObj(TestExports::caseEvent).toList()
                : java.util.stream.IntStream.range(0, ENTRIES).mapToObj(ExportVerifierBenchmark::entry).toList();
        List<List<byte[]>> levels = new ArrayList<>();
        CompactRange range = CompactRange.empty();
        for (int i = 0; i < ENTRIES; i++) {
            byte[] entry = entries.get(i);
            for (CompactRange.Node node : range.append(Rfc6962.leafHash(entry))) {
                while (levels.size() <= node.level()) {
                    levels.add(new ArrayList<>());
                }
                levels.get(node.level()).add(node.hash());
            }
        }
        MerkleProofs proofs = new MerkleProofs((level, index) -> levels.get(level).get((int) index));
        String note = SignedNote.sign(new Checkpoint("bench-log/audit", ENTRIES, range.root()).body(), log);
        Base64.Encoder base64 = Base64.getEncoder();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("{\"kind\":\"header\",\"format\":\"" + ExportFormat.CURRENT + "\",\"scope\":\"range\",\"from\":0,\"to\":" + ENTRIES
                    + ",\"treeSize\":" + ENTRIES + ",\"checkpoint\":\"" + note.replace("\n", "\\n") + "\",\"municipality\":\"0136\",\"filter\":{}}\n");
            for (int i = 0; i < ENTRIES; i++) {
                StringBuilder line = new StringBuilder(2600).append("{\"kind\":\"entry\",\"leafIndex\":").append(i)
                        .append(",\"eventId\":\"").append(TestExports.eventId(i)).append("\",\"entry\":\"")
                        .append(base64.encodeToString(entries.get(i))).append("\",\"inclusionProof\":[");
                List<byte[]> path = proofs.inclusion(i, ENTRIES);
                for (int p = 0; p < path.size(); p++) {
                    line.append(p == 0 ? "\"" : ",\"").append(base64.encodeToString(path.get(p))).append('"');
                }
                out.write(line.append("]}\n").toString());
            }
            out.write("{\"kind\":\"end\",\"entries\":" + ENTRIES + ",\"omitted\":0}\n");
        }
    }

    /** About {@link #ENTRY_BYTES} bytes of CloudEvent-like JSON, different for every i. */
    private static byte[] entry(int i) {
        StringBuilder json = new StringBuilder(ENTRY_BYTES + 64).append("{\"specversion\":\"1.0\",\"id\":\"")
                .append(TestExports.eventId(i)).append("\",\"source\":\"/samverkan/case-service\",\"type\":\"se.samverkan.access.recorded.v1\",\"data\":{\"n\":")
                .append(i).append(",\"pad\":\"");
        while (json.length() < ENTRY_BYTES - 3) {
            json.append((char) ('a' + (json.length() * 31 + i) % 26));
        }
        return json.append("\"}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
