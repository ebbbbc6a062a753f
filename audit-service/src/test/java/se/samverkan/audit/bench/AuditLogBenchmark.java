package se.samverkan.audit.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.audit.compliance.AuditSearch;
import se.samverkan.audit.compliance.EntryQuery;
import se.samverkan.audit.compliance.ExportWriter;
import se.samverkan.audit.log.AuditProperties;
import se.samverkan.audit.log.AppendListener;
import se.samverkan.audit.log.CheckpointSigner;
import se.samverkan.audit.review.ReviewProperties;
import se.samverkan.audit.review.ReviewRules;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.IntegrityProperties;
import se.samverkan.audit.log.LogIntegrity;
import se.samverkan.audit.log.LogStore;
import se.samverkan.audit.log.SearchSeals;
import se.samverkan.audit.log.PendingEntry;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.audit.log.StoredCheckpoint;
import se.samverkan.audit.tlog.CompactRange;
import se.samverkan.audit.tlog.MerkleProofs;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.tlog.ProofVerifier;
import se.samverkan.audit.tlog.Rfc6962;
import se.samverkan.audit.verify.Anchors;
import se.samverkan.audit.verify.ExportVerifier;
import se.samverkan.audit.verify.ProducerKeys;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.contracts.signing.EventVerifier;
import se.samverkan.platform.test.TestEventKeys;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Topics;
import se.samverkan.platform.test.TestPostgres;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.security.MessageDigest;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test (the name matches neither *Test nor *IT, so builds never run it): the audit figures of issue 12, printed.
 *
 * <p>{@link #appendAndVerify()}: appends N access events through the real sequencer into the embedded PostgreSQL, the
 * way the Kafka listener does (4 concurrent submitters, 50-entry submissions). Each event is signed as case-service
 * signs it (untimed, in chunks of 50,000 ahead of their append: a producer signs on its own cores) and verified as the
 * listener verifies it before the append (issue 16), timed; {@code -Dbench.signing=false} runs the same without
 * signatures, for the comparison. Then inclusion proofs at that size (p50/p99/max, each from a fresh
 * {@link MerkleProofs} as the compliance API builds one per request), the whole log exported with proofs, and the
 * offline verifier over that export twice: structure only (inclusion proofs, recomputed root) and with every producer
 * signature (checked on all cores). {@code -Dbench.entries=0} skips it.
 *
 * <p>{@link #inclusionProofsAtScale()}: a tree of {@code bench.proofTreeSize} leaves (10 M) in the real
 * {@code audit_entries} and {@code tree_nodes} tables, written in bulk with COPY because ten million appends through
 * the sequencer take hours here. The leaf hashes and every stored node come from the log's own code
 * ({@link Rfc6962#leafHash}, {@link CompactRange#append}, as the sequencer computes them), the entries are small
 * synthetic JSON objects. The stored tree is proven before it is timed: the root read back through {@link LogStore}
 * equals the one computed while writing, and every timed proof verifies against it with {@link ProofVerifier}.
 * {@code -Dbench.proofTreeSize=0} skips it. Run:
 * <pre>./mvnw -B -ntp -q -pl audit-service -am test -Dtest=AuditLogBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.entries=1000000</pre>
 */
class AuditLogBenchmark {

    private static final int SUBMITTERS = 4;
    private static final int SUBMISSION = Integer.getInteger("bench.submission", 50);
    private static final int CHUNK = 50_000;
    private static final boolean SIGNING = Boolean.parseBoolean(System.getProperty("bench.signing", "true"));
    private static final boolean RULES = Boolean.parseBoolean(System.getProperty("bench.rules", "true"));
    private static final int PROOF_SAMPLES = Integer.getInteger("bench.proofSamples", 10_000);
    private static final int PROOF_WARM_UP = 1_000;

    /** A fresh embedded database with the service's schema (the owner's role stands in for the runtime role). */
    private static String migratedDatabase(String name) {
        String url = TestPostgres.database(name).replaceAll("([?&])user=[^&]*&?", "$1").replaceAll("[?&]$", "");
        Flyway.configure().dataSource(url, "postgres", "postgres").placeholders(Map.of("runtime_role", "postgres")).load().migrate();
        return url;
    }

    private static HikariDataSource dataSource(String url, int pool, boolean batchedInserts) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setPassword("postgres");
        if (batchedInserts) {
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        config.setMaximumPoolSize(pool);
        return new HikariDataSource(config);
    }

    /** Two whole integrity passes: the first parses every entry and seals its search columns, the second finds them sealed. */
    private record IntegrityPasses(long entries, double firstSeconds, double secondSeconds) {

        @Override
        public String toString() {
            return String.format("integrity pass over %,d entries (one thread, unpaced): first (parse and seal) %.1f s (%,.0f entries/s); "
                    + "second (sealed) %.1f s (%,.0f entries/s)", entries, firstSeconds, entries / firstSeconds, secondSeconds,
                    entries / secondSeconds);
        }
    }

    private static IntegrityPasses integrityPasses(JdbcTemplate jdbc, LogStore store, AuditProperties properties, long entries) {
        // the statistics autovacuum keeps on a live log, so the pass's queries are planned as they are there
        jdbc.execute("ANALYZE audit_entries");
        jdbc.execute("ANALYZE audit_search_seals");
        LogIntegrity integrity = new LogIntegrity(jdbc, store, new IntegrityProperties(Duration.ofSeconds(1), 10_000, Duration.ofMinutes(1), 4_000),
                new SearchSeals(properties), new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        long first = System.nanoTime();
        assertThat(integrity.check().getStatus().getCode()).isEqualTo("UP");
        double firstSeconds = (System.nanoTime() - first) / 1e9;
        jdbc.execute("ANALYZE audit_search_seals");
        long second = System.nanoTime();
        assertThat(integrity.check().getStatus().getCode()).isEqualTo("UP");
        double secondSeconds = (System.nanoTime() - second) / 1e9;
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_search_seals", Long.class)).isGreaterThanOrEqualTo(entries);
        return new IntegrityPasses(entries, firstSeconds, secondSeconds);
    }

    @Test
    void appendAndVerify() throws Exception {
        int total = Integer.getInteger("bench.entries", 1_000_000);
        Assumptions.assumeTrue(total > 0, "bench.entries=0");
        String loadBefore = BenchWorkload.loadAverage();
        String url = migratedDatabase("audit_bench");
        try (HikariDataSource dataSource = dataSource(url, 4, true)) {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            AuditProperties properties = new AuditProperties("samverkan.bench/audit", NoteKeys.generateSigner("samverkan.bench-audit"), Integer.getInteger("bench.batch", 50), 1000,
                    Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(2));
            CheckpointSigner signer = new CheckpointSigner(properties);
            LogStore store = new LogStore(jdbc);
            // the review rules run inside every append's transaction in the service, so they run here too
            List<AppendListener> rules = RULES ? List.of(new ReviewRules(jdbc, new ReviewProperties(Duration.ofHours(1), 20,
                    LocalTime.of(7, 0), LocalTime.of(19, 0), ZoneId.of("Europe/Stockholm"), null), Clock.systemUTC(), event -> { },
                    new se.samverkan.audit.review.ReviewItemSeals(properties.signingKey().getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                    : List.of();
            Sequencer sequencer = new Sequencer(store, transactions, rules, signer, properties, Clock.systemUTC(),
                    new se.samverkan.audit.log.LeaderLock(url, "postgres", "postgres"), event -> { });
            sequencer.start();
            long start0 = store.size();

            EventSigner caseService = TestEventKeys.signer("case-service");
            EventVerifier verifier = TestEventKeys.verifier();
            LongAdder signNanos = new LongAdder();
            LongAdder verifyNanos = new LongAdder();
            long appendNanos = 0;
            // the producers' signing is case-service's work, on its own cores: each chunk is signed first, untimed,
            // and the clock runs only while the chunk is verified and appended as the listener does it
            try (ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS)) {
                for (int chunkStart = 0; chunkStart < total; chunkStart += CHUNK) {
                    int from = chunkStart;
                    int to = Math.min(total, chunkStart + CHUNK);
                    byte[][] values = new byte[to - from][];
                    List<Future<?>> signed = new ArrayList<>();
                    for (int t = 0; t < SUBMITTERS; t++) {
                        int thread = t;
                        signed.add(submitters.submit(() -> {
                            CloudEventCodec codec = new CloudEventCodec(URI.create("/samverkan/case-service"));
                            for (int j = from + thread; j < to; j += SUBMITTERS) {
                                var event = codec.wrap(UUID.randomUUID(), Instant.now(), BenchWorkload.read(j));
                                long t0 = System.nanoTime();
                                values[j - from] = SIGNING ? caseService.sign(event) : CloudEventCodec.toBytes(event);
                                signNanos.add(System.nanoTime() - t0);
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : signed) {
                        f.get();
                    }
                    long chunkTimer = System.nanoTime();
                    List<Future<?>> done = new ArrayList<>();
                    for (int t = 0; t < SUBMITTERS; t++) {
                        int thread = t;
                        done.add(submitters.submit(() -> {
                            for (int i = from + thread * SUBMISSION; i < to; i += SUBMITTERS * SUBMISSION) {
                                List<PendingEntry> batch = new ArrayList<>(SUBMISSION);
                                for (int j = i; j < Math.min(i + SUBMISSION, to); j++) {
                                    byte[] value = values[j - from];
                                    if (SIGNING) {
                                        long t0 = System.nanoTime();
                                        var verified = verifier.verify(Topics.ACCESS_EVENTS, value);
                                        verifyNanos.add(System.nanoTime() - t0);
                                        batch.add(Entries.fromRecord(Topics.ACCESS_EVENTS, value, verified));
                                    } else {
                                        batch.add(Entries.fromRecord(Topics.ACCESS_EVENTS, value));
                                    }
                                }
                                sequencer.submit(batch).get();
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : done) {
                        f.get();
                    }
                    appendNanos += System.nanoTime() - chunkTimer;
                }
            }
            double appendSeconds = appendNanos / 1e9;
            long reviewItems = jdbc.queryForObject("SELECT count(*) FROM review_items", Long.class);
            long appended = store.size() - start0;
            assertThat(appended).isEqualTo(total);

            StoredCheckpoint checkpoint = sequencer.checkpointNow();
            Percentiles proofTimes = inclusionProofTimes(store, checkpoint.treeSize(), checkpoint.rootHash(), null, false);
            Percentiles perNodeProofTimes = inclusionProofTimes(store, checkpoint.treeSize(), checkpoint.rootHash(), null, true);
            long consistencyStart = System.nanoTime();
            List<byte[]> consistency = new MerkleProofs(store).consistency(checkpoint.treeSize() / 3 + 1, checkpoint.treeSize());
            double consistencyMillis = (System.nanoTime() - consistencyStart) / 1e6;
            assertThat(ProofVerifier.verifyConsistency(checkpoint.treeSize() / 3 + 1, checkpoint.treeSize(),
                    new MerkleProofs(store).root(checkpoint.treeSize() / 3 + 1), checkpoint.rootHash(), consistency)).isTrue();
            sequencer.stop();
            IntegrityPasses integrity = integrityPasses(jdbc, store, properties, appended);

            Path file = Files.createTempFile("audit-bench", ".jsonl");
            try {
                var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
                // an export names no case: it scans every leaf, and the search index (off here) plays no part
                var noIndex = new se.samverkan.audit.compliance.LeafIndex(jdbc, new se.samverkan.audit.compliance.SearchProperties(50_000, 1, 0, 1), meters);
                ExportWriter exports = new ExportWriter(new AuditSearch(jdbc, noIndex, meters), store, transactions, 65_536, 1);
                long exportStart = System.nanoTime();
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
                    exports.write(new EntryQuery(null, null, null, null, null, null, null, null), new se.samverkan.audit.compliance.MunicipalityScope("0136"), 0,
                            checkpoint.treeSize(), checkpoint, out);
                }
                double exportSeconds = (System.nanoTime() - exportStart) / 1e9;

                NoteKeys.Verifier checkpointKey = NoteKeys.parseVerifier(signer.verifierKey());
                long structureStart = System.nanoTime();
                ExportVerifier.Result structure;
                // the file's bytes, as the offline verifier's command line reads an export
                try (InputStream in = Files.newInputStream(file)) {
                    structure = ExportVerifier.verify(in, checkpointKey, ProducerKeys.NOT_CHECKED, Anchors.NONE);
                }
                double structureSeconds = (System.nanoTime() - structureStart) / 1e9;
                assertThat(structure.ok()).as(structure.message()).isTrue();
                assertThat(structure.entries()).isEqualTo(appended);
                double signedSeconds = Double.NaN;
                ExportVerifier.Result signed = null;
                if (SIGNING) {
                    long signedStart = System.nanoTime();
                    try (InputStream in = Files.newInputStream(file)) {
                        signed = ExportVerifier.verify(in, checkpointKey, ProducerKeys.of(verifier.trustedKeys()), Anchors.NONE);
                    }
                    signedSeconds = (System.nanoTime() - signedStart) / 1e9;
                    assertThat(signed.ok()).as(signed.message()).isTrue();
                    assertThat(signed.producerSigned()).isEqualTo(appended);
                }
                String loadAfter = BenchWorkload.loadAverage();
                System.out.printf("""

                        ==== audit log benchmark (%,d entries, tree size %,d, producer signatures %s) ====
                        load average (1, 5, 15 min) before: %s; after: %s; %d cores
                        append:       %,.0f entries/s  (%.1f s; %d submitters x %d-entry submissions, batches of %d rows per transaction%s)
                        inclusion proof at %,d, one round trip: %s
                        inclusion proof, one look-up per node: %s
                        consistency proof: %.2f ms
                        %s
                        export with proofs: %,.0f entries/s  (%.1f s, %,d MB)
                        verify %,d entries, structure only: %.1f s  (%,.0f entries/s; checkpoint signature, %,d inclusion proofs, recomputed root)
                        verify %,d entries, with producer signatures: %s
                        %s
                        ===================================================
                        """, appended, checkpoint.treeSize(), SIGNING ? "on" : "off", loadBefore, loadAfter,
                        Runtime.getRuntime().availableProcessors(), appended / appendSeconds, appendSeconds, SUBMITTERS, SUBMISSION,
                        properties.batchSize(), (SIGNING ? "; each event's producer signature verified first, as the listener does; signed beforehand, untimed" : "; no signing, no verification")
                                + (RULES ? "; the review rules in every transaction, " + reviewItems + " review items raised" : "; no review rules"),
                        checkpoint.treeSize(), proofTimes, perNodeProofTimes, consistencyMillis, integrity,
                        structure.entries() / exportSeconds, exportSeconds, Files.size(file) >> 20,
                        structure.entries(), structureSeconds, structure.entries() / structureSeconds, structure.entries(),
                        appended,
                        SIGNING ? String.format("%.1f s  (%,.0f entries/s; the above and %,d producer signatures on %d threads)",
                                signedSeconds, signed.entries() / signedSeconds, signed.producerSigned(), Runtime.getRuntime().availableProcessors())
                                : "not measured (bench.signing=false: the entries carry no producer signature)",
                        SIGNING ? String.format("producer signing (case-service's work, untimed, per event, %d threads): sign %.1f µs; verify before append (timed) %.1f µs",
                                SUBMITTERS, signNanos.sum() / 1e3 / Math.max(1, total), verifyNanos.sum() / 1e3 / Math.max(1, total))
                                : "producer signing: off");
                String keep = System.getProperty("bench.keep");
                if (keep != null) {
                    // for the offline verifier's jar in a JVM of its own, as an auditor runs it
                    Files.move(file, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    System.out.printf("kept the export: java -jar audit-verifier/target/audit-verifier.jar %s --key '%s' --no-producer-signatures%n",
                            keep, signer.verifierKey());
                }
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    @Test
    void inclusionProofsAtScale() throws Exception {
        long treeSize = Long.getLong("bench.proofTreeSize", 10_000_000L);
        Assumptions.assumeTrue(treeSize > 0, "bench.proofTreeSize=0");
        String loadBefore = BenchWorkload.loadAverage();
        String url = migratedDatabase("audit_bench_tree");
        try (HikariDataSource dataSource = dataSource(url, 3, false)) {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            LogStore store = new LogStore(jdbc);
            assertThat(store.size()).as("a fresh database").isZero();

            long loadStart = System.nanoTime();
            long[] nodeCount = new long[1];
            byte[] expectedRoot;
            try (Connection entries = dataSource.getConnection(); Connection nodes = dataSource.getConnection()) {
                CopyIn entryCopy = entries.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY audit_entries (leaf_index, event_id, source, event_type, entry, leaf_hash) FROM STDIN");
                CopyIn nodeCopy = nodes.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY tree_nodes (level, node_index, hash) FROM STDIN");
                HexFormat hex = HexFormat.of();
                StringBuilder entryRows = new StringBuilder(1 << 20);
                StringBuilder nodeRows = new StringBuilder(1 << 20);
                CompactRange range = CompactRange.empty();
                for (long i = 0; i < treeSize; i++) {
                    byte[] entry = syntheticEntry(i);
                    byte[] leafHash = Rfc6962.leafHash(entry);
                    entryRows.append(i).append('\t').append(syntheticEventId(i)).append("\tbench\tbench.SyntheticLeaf\t\\\\x")
                            .append(hex.formatHex(entry)).append("\t\\\\x").append(hex.formatHex(leafHash)).append('\n');
                    for (CompactRange.Node node : range.append(leafHash)) {
                        if (node.level() > 0) {
                            nodeRows.append(node.level()).append('\t').append(node.index()).append("\t\\\\x")
                                    .append(hex.formatHex(node.hash())).append('\n');
                            nodeCount[0]++;
                        }
                    }
                    if (entryRows.length() > (1 << 20) - 512 || i == treeSize - 1) {
                        write(entryCopy, entryRows);
                        write(nodeCopy, nodeRows);
                    }
                }
                entryCopy.endCopy();
                nodeCopy.endCopy();
                expectedRoot = range.root();
            }
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            jdbc.execute("ANALYZE audit_entries");
            jdbc.execute("ANALYZE tree_nodes");
            assertThat(store.size()).isEqualTo(treeSize);
            // the stored tree is the log's tree: its root, read back through the store as the service reads it,
            // is the root computed while writing, and (below) every timed proof verifies against it
            assertThat(new MerkleProofs(store).root(treeSize)).isEqualTo(expectedRoot);
            String loadMid = BenchWorkload.loadAverage();

            Percentiles times = inclusionProofTimes(store, treeSize, expectedRoot, i -> Rfc6962.leafHash(syntheticEntry(i)), false);
            Percentiles perNodeTimes = inclusionProofTimes(store, treeSize, expectedRoot, i -> Rfc6962.leafHash(syntheticEntry(i)), true);
            System.out.printf("""

                    ==== inclusion proofs at %,d leaves (bulk-written tree, real audit_entries/tree_nodes tables) ====
                    load average (1, 5, 15 min) before: %s; after loading: %s; after: %s; %d cores
                    written: %,d leaves and %,d stored nodes with COPY in %.1f s; root read back equals the computed one
                    inclusion proof, path fetched in one round trip: %s
                    inclusion proof, one look-up per node:          %s
                    (every timed proof verified against the root with ProofVerifier)
                    ===================================================
                    """, treeSize, loadBefore, loadMid, BenchWorkload.loadAverage(), Runtime.getRuntime().availableProcessors(), treeSize,
                    nodeCount[0], loadSeconds, times, perNodeTimes);
        }
    }

    /**
     * Per-request inclusion proofs at random leaves, each verified: as the compliance API makes them (the path's nodes
     * fetched in one round trip) or, {@code perNode}, one look-up per node as before.
     */
    private static Percentiles inclusionProofTimes(LogStore store, long treeSize, byte[] root, LongFunction<byte[]> leafHash, boolean perNode) {
        Random random = new Random(12);
        long[] nanos = new long[PROOF_SAMPLES];
        for (int i = -PROOF_WARM_UP; i < PROOF_SAMPLES; i++) {
            long leaf = random.nextLong(treeSize);
            long t0 = System.nanoTime();
            List<byte[]> proof = new MerkleProofs(perNode ? store : store.fetching(MerkleProofs.inclusionNodes(leaf, treeSize)))
                    .inclusion(leaf, treeSize);
            long t1 = System.nanoTime();
            byte[] hash = leafHash == null ? store.node(0, leaf) : leafHash.apply(leaf);
            assertThat(ProofVerifier.verifyInclusion(leaf, treeSize, hash, proof, root)).as("proof of leaf %d", leaf).isTrue();
            if (i >= 0) {
                nanos[i] = t1 - t0;
            }
        }
        return Percentiles.of(nanos);
    }

    record Percentiles(int samples, double p50, double p99, double max, double mean) {

        static Percentiles of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new Percentiles(sorted.length, sorted[(int) Math.ceil(0.50 * sorted.length) - 1] / 1e6,
                    sorted[(int) Math.ceil(0.99 * sorted.length) - 1] / 1e6, sorted[sorted.length - 1] / 1e6,
                    Arrays.stream(sorted).average().orElse(0) / 1e6);
        }

        @Override
        public String toString() {
            return String.format("p50 %.2f ms, p99 %.2f ms, max %.2f ms, mean %.2f ms (%,d random leaves after %,d untimed, "
                    + "each a fresh MerkleProofs, one thread)", p50, p99, max, mean, samples, PROOF_WARM_UP);
        }
    }

    private static byte[] syntheticEntry(long i) {
        return ("{\"bench\":\"synthetic leaf\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static UUID syntheticEventId(long i) {
        return new UUID(0x5a5a5a5a00004000L, 0x8000000000000000L | i);
    }

    private static void write(CopyIn copy, StringBuilder rows) throws java.sql.SQLException {
        byte[] bytes = rows.toString().getBytes(StandardCharsets.US_ASCII);
        copy.writeToCopy(bytes, 0, bytes.length);
        rows.setLength(0);
    }
}
