package se.samverkan.audit.verify;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.audit.tlog.NoteKeys;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lines decoded ahead on several threads give the very outcome of decoding each line when it is reached: the same
 * result, or the same exception with the same message, wherever the fault lies (before, at and after chunk
 * boundaries, after the {@code end} line), in an export several chunks long.
 */
class ParallelDecodingTest {

    private static final int SIZE = 3 * DecodedLines.CHUNK + 17;
    private static final int THREADS = 3;

    @TempDir
    static Path dir;

    private static TestExports exports;
    private static List<byte[]> entries;

    @BeforeAll
    static void setUp() {
        exports = new TestExports(dir);
        entries = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            entries.add(TestExports.unsigned(i, "case-service", TestExports.CASE_TYPE, null));
        }
    }

    private List<String> honest() {
        return new ArrayList<>(exports.lines(entries, Set.of(7, DecodedLines.CHUNK + 40)));
    }

    @Test
    void anHonestExportWithBlankLines() throws Exception {
        List<String> lines = honest();
        lines.add(DecodedLines.CHUNK, "   ");
        lines.add(2 * DecodedLines.CHUNK + 1, "");
        String outcome = sameOutcome(lines);
        assertThat(outcome).startsWith("OK: " + (SIZE - 2) + " entries (and 2 omitted leaves");
    }

    @Test
    void faultsAtChunkBoundariesAndDeepInside() throws Exception {
        for (int at : new int[]{1, DecodedLines.CHUNK - 1, DecodedLines.CHUNK, DecodedLines.CHUNK + 1, 2 * DecodedLines.CHUNK + 5, SIZE}) {
            List<String> lines = honest();
            lines.set(at, lines.get(at).replace("\"entry\":\"", "\"entry\":\"*"));
            assertThat(sameOutcome(lines)).as("bad base64 at line %d", at + 1).contains("the member \"entry\" must be base64");

            lines = honest();
            lines.set(at, lines.get(at).replace("\"inclusionProof\":[\"", "\"inclusionProof\":[\"A"));
            assertThat(sameOutcome(lines)).as("bad proof at line %d", at + 1).contains("must be a list of base64 32-byte hashes");

            lines = honest();
            lines.set(at, lines.get(at).substring(0, 30));
            assertThat(sameOutcome(lines)).as("cut line %d", at + 1).contains("line " + (at + 1) + " is not JSON");
        }
        // a structural failure before a malformed line: the failure, as on one thread
        List<String> lines = honest();
        lines.remove(DecodedLines.CHUNK + 3);
        lines.set(DecodedLines.CHUNK + 9, "not json");
        assertThat(sameOutcome(lines)).startsWith("FAIL: entry at leaf index " + (DecodedLines.CHUNK + 2) + " is missing");
        // and a malformed line before a structural failure: the malformed line
        lines = honest();
        lines.set(DecodedLines.CHUNK + 3, lines.get(DecodedLines.CHUNK + 3).replace("\"leafIndex\":", "\"leafIndex\":\"x\",\"y\":"));
        lines.remove(DecodedLines.CHUNK + 9);
        assertThat(sameOutcome(lines)).contains("the member \"leafIndex\" must be a whole number");
        // a tampered entry in a whole-log export is named by its proof, as before
        lines = honest();
        lines.set(2 * DecodedLines.CHUNK, lines.get(2 * DecodedLines.CHUNK).replace("\"entry\":\"ey", "\"entry\":\"eX"));
        assertThat(sameOutcome(lines)).startsWith("FAIL: entry at leaf index " + (2 * DecodedLines.CHUNK - 1) + " (event");
    }

    @Test
    void aFileThatGoesOnAfterItsEndLineFailsAndAByteThatIsNotUtf8IsMetWhereItIs() throws Exception {
        List<String> lines = honest();
        lines.add("");
        lines.add("   ");
        assertThat(sameOutcome(lines)).as("blank lines after the end").startsWith("OK: ");
        lines.add("not json at all");
        assertThat(sameOutcome(lines)).startsWith("FAIL: line " + lines.size() + " follows the end line");

        byte[] honestBytes = (String.join("\n", honest()) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream after = new ByteArrayOutputStream();
        after.write(honestBytes);
        // far enough behind the end line that no buffer reading the end line reaches it: the first line after the end
        // is what fails the file, before the bytes that are not UTF-8
        after.write(("not json\n").repeat(10_000).getBytes(StandardCharsets.UTF_8));
        after.write(new byte[]{(byte) 0xC3, (byte) 0x28, '\n'});
        assertThat(sameOutcome(after.toByteArray())).startsWith("FAIL: line " + (honest().size() + 1) + " follows the end line");

        // the same byte in the middle: met there (not at the first read ahead of it)
        int middle = honestBytes.length / 2;
        while (honestBytes[middle] != '\n') {
            middle++;
        }
        ByteArrayOutputStream inside = new ByteArrayOutputStream();
        inside.write(honestBytes, 0, middle + 1);
        inside.write(new byte[]{(byte) 0xC3, (byte) 0x28, '\n'});
        inside.write(honestBytes, middle + 1, honestBytes.length - middle - 1);
        assertThat(sameOutcome(inside.toByteArray())).contains("MalformedInputException");
    }

    /**
     * A read that fails halfway (a disk or a network share gone, as an IOException or anything else the stream
     * throws) is met at the same line on one thread or several.
     */
    @Test
    void aReadThatFailsHalfwayIsMetAtTheSameLineOnOneThreadOrSeveral() throws Exception {
        byte[] bytes = (String.join("\n", honest()) + "\n").getBytes(StandardCharsets.UTF_8);
        NoteKeys.Verifier key = NoteKeys.parseVerifier(exports.key());
        for (boolean checked : new boolean[]{true, false}) {
            List<String> outcomes = new ArrayList<>();
            for (int threads : new int[]{1, THREADS}) {
                InputStream failing = new InputStream() {
                    private int position;

                    @Override
                    public int read() throws java.io.IOException {
                        byte[] one = new byte[1];
                        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws java.io.IOException {
                        if (position >= bytes.length / 2) {
                            java.io.IOException gone = new java.io.IOException("the share went away");
                            if (checked) {
                                throw gone;
                            }
                            throw new java.io.UncheckedIOException(gone);
                        }
                        int n = Math.min(Math.min(len, 4096), bytes.length - position);
                        System.arraycopy(bytes, position, b, off, n);
                        position += n;
                        return n;
                    }
                };
                try {
                    outcomes.add("returned " + ExportVerifier.verify(failing, key, ProducerKeys.NOT_CHECKED, Anchors.NONE, 1,
                            ProducerChecks.WINDOW_PER_THREAD, threads).message());
                } catch (java.io.IOException | java.io.UncheckedIOException e) {
                    outcomes.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
            assertThat(outcomes.get(1)).as("checked: %s", checked).isEqualTo(outcomes.get(0)).contains("the share went away");
        }
    }

    /** A verifier that stops early (a failure at line 3 of a long export) leaves no reading thread behind. */
    @Test
    void aVerifierThatStopsEarlyLeavesNoReadingThreadBehind() throws Exception {
        List<String> lines = honest();
        for (int i = 0; i < 20; i++) {
            lines.addAll(lines.subList(1, DecodedLines.CHUNK)); // long enough to fill the queue ahead
        }
        lines.set(2, "not json");
        Path file = Files.write(Files.createTempFile(dir, "export", ".jsonl"), lines);
        assertThat(outcome(file, THREADS, true)).contains("line 3 is not JSON");
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("export-verifier-read")) {
                thread.join(5_000); // it sees the close within 100 ms while it waits on the full queue
                assertThat(thread.isAlive()).as("a reading thread after the verifier returned").isFalse();
            }
        }
    }

    /**
     * How far the reading thread gets ahead is bounded in characters, not only in chunks: otherwise a hostile file of
     * long lines would hold cores x chunks x the longest line in memory. A chunk beyond the budget by itself still
     * passes, alone, so no export stalls.
     */
    @Test
    void linesReadAheadStayWithinTheirCharacterBudgetWhateverTheirLength() throws Exception {
        long budget = 2 << 20;
        // 300,000-character lines: a chunk closes after four (1.2 MB); twelve chunks could wait without the budget
        assertReadAheadWithin(budget, 60, 300_000, budget);
        // lines of 3 MB, each a chunk larger than a 1 MB budget: one at a time
        assertReadAheadWithin(1 << 20, 6, 3_000_000, 3_000_000);
    }

    private static void assertReadAheadWithin(long budget, int count, int length, long most) throws Exception {
        byte[] bytes = (String.join("\n", java.util.Collections.nCopies(count, "x".repeat(length))) + "\n").getBytes(StandardCharsets.US_ASCII);
        try (DecodedLines lines = new DecodedLines(LineSource.of(new java.io.ByteArrayInputStream(bytes)), 1, THREADS, budget)) {
            // the reading thread got ahead as far as it may, and waits
            await("the reading thread got ahead and waits").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5))
                    .until(() -> lines.mostCharsAhead() >= Math.min(budget, length) && lines.readerState() == Thread.State.TIMED_WAITING);
            assertThat(lines.mostCharsAhead()).isLessThanOrEqualTo(most);
            int read = 0;
            for (DecodedLines.Decoded line = lines.next(); line != null; line = lines.next()) {
                assertThat(line.number).isEqualTo(2 + read++);
            }
            assertThat(read).isEqualTo(count);
            assertThat(lines.mostCharsAhead()).isLessThanOrEqualTo(most);
        }
    }

    private String sameOutcome(List<String> lines) throws Exception {
        return sameOutcome((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** One outcome whether the lines come from a reader or as bytes, and are decoded on one thread or several. */
    private String sameOutcome(byte[] bytes) throws Exception {
        Path file = Files.write(Files.createTempFile(dir, "export", ".jsonl"), bytes);
        String one = outcome(file, 1, false);
        assertThat(outcome(file, THREADS, false)).as("a reader, %d threads", THREADS).isEqualTo(one);
        assertThat(outcome(file, 1, true)).as("bytes, one thread").isEqualTo(one);
        assertThat(outcome(file, THREADS, true)).as("bytes, %d threads", THREADS).isEqualTo(one);
        return one;
    }

    private String outcome(Path file, int decodeThreads, boolean bytes) throws Exception {
        NoteKeys.Verifier key = NoteKeys.parseVerifier(exports.key());
        try (BufferedReader reader = bytes ? null : Files.newBufferedReader(file);
             InputStream in = bytes ? Files.newInputStream(file) : null) {
            ExportVerifier.Result result = bytes
                    ? ExportVerifier.verify(in, key, ProducerKeys.NOT_CHECKED, Anchors.NONE, 1, ProducerChecks.WINDOW_PER_THREAD, decodeThreads)
                    : ExportVerifier.verify(reader, key, ProducerKeys.NOT_CHECKED, Anchors.NONE, 1, ProducerChecks.WINDOW_PER_THREAD, decodeThreads);
            return result.message() + " | " + result;
        } catch (Exception e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
