package se.samverkan.audit.verify;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.audit.tlog.NoteKeys;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.audit.verify.TestExports.CASE_TYPE;
import static se.samverkan.audit.verify.TestExports.entries;
import static se.samverkan.audit.verify.TestExports.unsigned;

/**
 * Producer signatures checked on several threads give the very result of one thread: counts, the failures listed
 * (in leaf order, the first {@link ExportVerifier#MAX_LISTED_FAILURES}), the failing leaves and which failure ends
 * the pass. The exports are longer than the checks' window, so the window fills and drains.
 */
class ParallelProducerChecksTest {

    private static final int THREADS = 3;
    private static final int AHEAD_PER_THREAD = 8;
    private static final int SIZE = 5 * THREADS * AHEAD_PER_THREAD + 7;

    @TempDir
    Path dir;

    private TestExports exports;
    private List<byte[]> entries;

    @BeforeEach
    void setUp() {
        exports = new TestExports(dir);
        entries = entries(SIZE);
    }

    @Test
    void anHonestExport() throws Exception {
        ExportVerifier.Result result = sameOnOneAndOnManyThreads(exports.lines(entries, Set.of(3, 70)));
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.producerSigned()).isEqualTo(SIZE - 2);
    }

    @Test
    void moreFailingSignaturesThanAreListed() throws Exception {
        for (int i = 5; i < SIZE; i++) {
            entries.set(i, unsigned(i, "case-service", CASE_TYPE, null));
        }
        ExportVerifier.Result result = sameOnOneAndOnManyThreads(exports.lines(entries, Set.of()));
        assertThat(result.ok()).isFalse();
        assertThat(result.producerFailedLeaves()).hasSizeGreaterThan(ExportVerifier.MAX_LISTED_FAILURES).isSorted();
        assertThat(result.message()).contains("leaf index 5 ", "... and ");
    }

    @Test
    void aStructuralFailureAfterFailingSignatures() throws Exception {
        for (int i = 1; i < SIZE; i += 5) {
            entries.set(i, unsigned(i, "case-service", CASE_TYPE, null));
        }
        List<String> lines = new ArrayList<>(exports.lines(entries, Set.of()));
        lines.remove(100); // a gap: the pass ends there, with the checks before it settled
        ExportVerifier.Result result = sameOnOneAndOnManyThreads(lines);
        assertThat(result.message()).startsWith("FAIL: entry at leaf index 99 is missing");

        assertThat(sameOnOneAndOnManyThreads(lines.subList(0, 90)).message()).startsWith("FAIL: the export is truncated");
    }

    /**
     * Entries waiting for their check are bounded in bytes too: a hostile file of entries of megabytes cannot hold
     * the whole window of them. A single entry beyond the bound still waits, alone.
     */
    @Test
    void entriesWaitingForTheirCheckStayWithinTheirByteBudget() {
        String padding = "x".repeat(1 << 20);
        List<byte[]> large = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String event = new String(unsigned(i, "case-service", CASE_TYPE, TestExports.CASE.keyId()), StandardCharsets.UTF_8)
                    .replace("\"note\":\"", "\"note\":\"" + padding);
            large.add(se.samverkan.signing.SignedEnvelope.sign(event.getBytes(StandardCharsets.UTF_8), TestExports.CASE.privateKey()));
        }
        ProducerKeys producers = ProducerKeys.of(ProducerKeys.parse(TestExports.PRODUCER_KEYS));
        long budget = 4L << 20;
        for (long bound : new long[]{budget, 1}) {
            try (ProducerChecks checks = new ProducerChecks(producers, THREADS, 1000, bound)) {
                for (int i = 0; i < large.size(); i++) {
                    checks.check(i, large.get(i), "entry " + i);
                }
                checks.settle();
                assertThat(checks.verified()).isEqualTo(large.size());
                assertThat(checks.failures()).isEmpty();
                assertThat(checks.mostPendingBytes()).isLessThanOrEqualTo(Math.max(bound, large.getFirst().length));
            }
        }
    }

    private ExportVerifier.Result sameOnOneAndOnManyThreads(List<String> lines) throws Exception {
        Path file = Files.write(Files.createTempFile(dir, "export", ".jsonl"), lines, StandardCharsets.UTF_8);
        ExportVerifier.Result one = verify(file, 1);
        ExportVerifier.Result many = verify(file, THREADS);
        assertThat(many).isEqualTo(one);
        return one;
    }

    private ExportVerifier.Result verify(Path file, int threads) throws Exception {
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            return ExportVerifier.verify(reader, NoteKeys.parseVerifier(exports.key()),
                    ProducerKeys.of(ProducerKeys.parse(TestExports.PRODUCER_KEYS)), Anchors.NONE, threads, AHEAD_PER_THREAD);
        }
    }
}
