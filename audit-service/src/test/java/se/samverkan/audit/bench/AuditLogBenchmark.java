package se.samverkan.audit.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.audit.compliance.AuditSearch;
import se.samverkan.audit.compliance.EntryQuery;
import se.samverkan.audit.compliance.ExportWriter;
import se.samverkan.audit.log.AuditProperties;
import se.samverkan.audit.log.CheckpointSigner;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.LogStore;
import se.samverkan.audit.log.PendingEntry;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.audit.log.StoredCheckpoint;
import se.samverkan.audit.tlog.MerkleProofs;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.tlog.ProofVerifier;
import se.samverkan.audit.verify.ExportVerifier;
import se.samverkan.audit.verify.ProducerKeys;
import se.samverkan.contracts.signing.EventSigner;
import se.samverkan.contracts.signing.EventVerifier;
import se.samverkan.platform.test.TestEventKeys;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.platform.test.TestPostgres;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test (the name matches neither *Test nor *IT, so builds never run it): appends N access events through the
 * real sequencer into the embedded PostgreSQL, the way the Kafka listener does (4 concurrent submitters, 50-entry
 * submissions), then exports the whole log with proofs and verifies it offline. Each event is signed as case-service
 * signs it and verified as the listener verifies it before the append (issue 16), and the offline verifier checks
 * every producer signature; {@code -Dbench.signing=false} runs the same without signatures, for the comparison. Run:
 * <pre>./mvnw -q -pl audit-service test -Dtest=AuditLogBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.entries=1000000</pre>
 */
class AuditLogBenchmark {

    private static final int SUBMITTERS = 4;
    private static final int SUBMISSION = Integer.getInteger("bench.submission", 50);
    private static final boolean SIGNING = Boolean.parseBoolean(System.getProperty("bench.signing", "true"));

    @Test
    void appendAndVerify() throws Exception {
        int total = Integer.getInteger("bench.entries", 1_000_000);
        String url = TestPostgres.database("audit_bench").replaceAll("([?&])user=[^&]*&?", "$1").replaceAll("[?&]$", "");
        Flyway.configure().dataSource(url, "postgres", "postgres").placeholders(Map.of("runtime_role", "postgres")).load().migrate();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.setMaximumPoolSize(4);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            AuditProperties properties = new AuditProperties("samverkan.bench/audit", NoteKeys.generateSigner("samverkan.bench-audit"), Integer.getInteger("bench.batch", 50), 1000,
                    Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(2));
            CheckpointSigner signer = new CheckpointSigner(properties);
            LogStore store = new LogStore(jdbc);
            Sequencer sequencer = new Sequencer(store, transactions, List.of(), signer, properties, Clock.systemUTC(),
                    new se.samverkan.audit.log.LeaderLock(url, "postgres", "postgres"), event -> { });
            sequencer.start();
            long start0 = store.size();

            EventSigner caseService = TestEventKeys.signer("case-service");
            EventVerifier verifier = TestEventKeys.verifier();
            LongAdder signNanos = new LongAdder();
            LongAdder verifyNanos = new LongAdder();
            long appendStart = System.nanoTime();
            try (ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS)) {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < SUBMITTERS; t++) {
                    int thread = t;
                    done.add(submitters.submit(() -> {
                        CloudEventCodec codec = new CloudEventCodec(URI.create("/samverkan/case-service"));
                        for (int i = thread * SUBMISSION; i < total; i += SUBMITTERS * SUBMISSION) {
                            List<PendingEntry> batch = new ArrayList<>(SUBMISSION);
                            for (int j = i; j < Math.min(i + SUBMISSION, total); j++) {
                                var event = codec.wrap(UUID.randomUUID(), Instant.now(), access(j));
                                byte[] value;
                                if (SIGNING) {
                                    long t0 = System.nanoTime();
                                    value = caseService.sign(event);
                                    long t1 = System.nanoTime();
                                    verifier.verify(Topics.ACCESS_EVENTS, value);
                                    long t2 = System.nanoTime();
                                    signNanos.add(t1 - t0);
                                    verifyNanos.add(t2 - t1);
                                } else {
                                    value = CloudEventCodec.toBytes(event);
                                }
                                batch.add(Entries.fromRecord(Topics.ACCESS_EVENTS, value));
                            }
                            sequencer.submit(batch).get();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
            double appendSeconds = (System.nanoTime() - appendStart) / 1e9;
            long appended = store.size() - start0;
            assertThat(appended).isEqualTo(total);

            StoredCheckpoint checkpoint = sequencer.checkpointNow();
            long proofStart = System.nanoTime();
            MerkleProofs proofs = new MerkleProofs(store);
            int samples = 1000;
            for (int i = 0; i < samples; i++) {
                long leaf = (long) (Math.random() * checkpoint.treeSize());
                proofs.inclusion(leaf, checkpoint.treeSize());
            }
            double proofMillis = (System.nanoTime() - proofStart) / 1e6 / samples;
            long consistencyStart = System.nanoTime();
            List<byte[]> consistency = new MerkleProofs(store).consistency(checkpoint.treeSize() / 3 + 1, checkpoint.treeSize());
            double consistencyMillis = (System.nanoTime() - consistencyStart) / 1e6;
            assertThat(ProofVerifier.verifyConsistency(checkpoint.treeSize() / 3 + 1, checkpoint.treeSize(),
                    new MerkleProofs(store).root(checkpoint.treeSize() / 3 + 1), checkpoint.rootHash(), consistency)).isTrue();
            sequencer.stop();

            Path file = Files.createTempFile("audit-bench", ".jsonl");
            try {
                ExportWriter exports = new ExportWriter(new AuditSearch(jdbc), store, transactions);
                long exportStart = System.nanoTime();
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
                    exports.write(new EntryQuery(null, null, null, null, null, null, null, null), new se.samverkan.audit.compliance.MunicipalityScope("0136"), 0,
                            checkpoint.treeSize(), checkpoint, out);
                }
                double exportSeconds = (System.nanoTime() - exportStart) / 1e9;

                long verifyStart = System.nanoTime();
                ExportVerifier.Result result;
                try (BufferedReader lines = Files.newBufferedReader(file)) {
                    result = SIGNING
                            ? ExportVerifier.verify(lines, NoteKeys.parseVerifier(signer.verifierKey()), ProducerKeys.of(verifier.trustedKeys()))
                            : ExportVerifier.verify(lines, NoteKeys.parseVerifier(signer.verifierKey()), ProducerKeys.NOT_CHECKED);
                }
                double verifySeconds = (System.nanoTime() - verifyStart) / 1e9;
                assertThat(result.ok()).as(result.message()).isTrue();

                System.out.printf("""

                        ==== audit log benchmark (%d entries, tree size %d, producer signatures %s) ====
                        append:       %,.0f entries/s  (%.1f s; %d submitters x %d-entry submissions, batches of %d rows per transaction)
                        inclusion proof at 1M: %.2f ms each (from stored nodes, avg of %d)
                        consistency proof: %.2f ms
                        export with proofs: %,.0f entries/s  (%.1f s, %,d MB)
                        offline verify:     %,.0f entries/s  (%.1f s; signature, %d inclusion proofs, recomputed root%s)
                        producer signing (case-service, per event): sign %.1f µs, verify before append %.1f µs
                        ===================================================
                        """, appended, checkpoint.treeSize(), SIGNING ? "on" : "off", appended / appendSeconds, appendSeconds, SUBMITTERS, SUBMISSION,
                        properties.batchSize(), proofMillis, samples, consistencyMillis,
                        result.entries() / exportSeconds, exportSeconds, Files.size(file) >> 20,
                        result.entries() / verifySeconds, verifySeconds, result.entries(),
                        SIGNING ? ", " + result.producerSigned() + " producer signatures" : ", producer signatures not checked",
                        signNanos.sum() / 1e3 / Math.max(1, total), verifyNanos.sum() / 1e3 / Math.max(1, total));
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    private static AccessRecorded access(int i) {
        ActorRef actor = new ActorRef("user-" + (i % 97), List.of("social-worker"), Agency.SOCIAL_SERVICES, "0136", "haninge-ungdom");
        return new AccessRecorded(actor, UUID.randomUUID(), UUID.randomUUID(), null, Program.RAPID_INTERVENTION, "haninge-ungdom",
                AccessAction.READ, "read-case", List.of("CASE_SUMMARY", "MEASURES"), "case work", null, true, false,
                ProtectedIdentity.NONE, AccessOutcome.ALLOWED, null, Instant.parse("2026-11-24T09:00:00Z").plusSeconds(i));
    }
}
