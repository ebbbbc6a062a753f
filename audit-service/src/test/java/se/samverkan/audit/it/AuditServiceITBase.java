package se.samverkan.audit.it;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CaseRef;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.IntegrationEvent;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.platform.test.TestEventKeys;
import se.samverkan.platform.test.TestIdentityProvider;
import se.samverkan.platform.test.TestKafka;
import se.samverkan.platform.test.TestPostgres;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One Spring context for every IT (same configuration => cached), on the JVM's one PostgreSQL and Kafka broker.
 * The database is set up as in production: audit_owner owns it and runs the migrations in a step of its own
 * (SchemaMigration), and the service runs as audit_service, which only validates the schema.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "samverkan.audit.checkpoint-every=2s",
        "samverkan.audit.publish-every=200ms",
        "samverkan.audit.leader-check-every=200ms",
        "samverkan.audit.integrity.check-every=500ms",
        // a whole pass every step, as before pacing: the tests wait for a changed byte to be found in seconds
        "samverkan.audit.integrity.pass-within=500ms",
        "samverkan.audit.reconciliation.every=300ms",
        "samverkan.audit.reconciliation.grace=1s",
        "samverkan.kafka.max-retries=1"})
@org.springframework.context.annotation.Import({FailOnceListener.class, AuditServiceITBase.Spans.class})
public abstract class AuditServiceITBase {

    /** Every span the service ends, for the tracing tests (issue 13); in the shared context so it stays cached. */
    @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
    static class Spans {
        @org.springframework.context.annotation.Bean
        io.opentelemetry.sdk.trace.SpanProcessor testSpans() {
            return se.samverkan.platform.test.TestSpans.processor();
        }
    }

    public static final String DB = "audit_service";
    protected static final CloudEventCodec CASE_SERVICE = new CloudEventCodec(URI.create("/samverkan/case-service"));
    /** The producers' public keys, as an operator hands them to the offline verifier. */
    protected static final se.samverkan.audit.verify.ProducerKeys PRODUCERS = se.samverkan.audit.verify.ProducerKeys.of(
            TestEventKeys.verifier().trustedKeys());

    @LocalServerPort
    protected int port;

    /** The probes and metrics have a port of their own (issue 12), as in a deployment. */
    @LocalManagementPort
    protected int managementPort;

    protected int portOf(String path) {
        return path.startsWith("/actuator") ? managementPort : port;
    }

    @Autowired
    protected KafkaTemplate<String, byte[]> kafka;

    @Autowired
    protected JdbcTemplate jdbc;

    protected final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        String url = TestPostgres.database(DB);
        TestPostgres.execute("postgres", """
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'audit_owner') THEN
                    CREATE ROLE audit_owner LOGIN PASSWORD 'audit_owner';
                  END IF;
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'audit_service') THEN
                    CREATE ROLE audit_service LOGIN PASSWORD 'audit_service';
                  END IF;
                END $$""");
        TestPostgres.execute("postgres", "ALTER DATABASE " + DB + " OWNER TO audit_owner");
        registry.add("spring.datasource.url", AuditServiceITBase::jdbcUrlWithoutUser);
        registry.add("spring.datasource.username", () -> "audit_service");
        registry.add("spring.datasource.password", () -> "audit_service");
        // as in production: the owner migrates in a step of its own; the service gets the runtime role only
        se.samverkan.audit.schema.SchemaMigration.migrate(jdbcUrlWithoutUser(), "audit_owner", "audit_owner", "audit_service");
        registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        registry.add("samverkan.security.issuer", () -> TestIdentityProvider.instance().issuer());
        registry.add("samverkan.security.jwk-set-uri", () -> TestIdentityProvider.instance().jwkSetUri());
        // issue 14: this log witnesses the peer logs of PeerLogs, and PeerLogs' witness witnesses it; rounds run when a
        // test asks (WitnessRole#witnessPeers, #collectCosignatures), not on the clock
        PeerLogs peers = PeerLogs.instance();
        for (int i = 0; i < PEER_ORIGINS.size(); i++) {
            String origin = PEER_ORIGINS.get(i);
            registry.add("samverkan.audit.witness.peers[" + i + "].origin", () -> origin);
            registry.add("samverkan.audit.witness.peers[" + i + "].key", () -> peers.peer(origin).key.verifier().encoded());
            registry.add("samverkan.audit.witness.peers[" + i + "].url", () -> peers.url(origin).toString());
        }
        registry.add("samverkan.audit.witness.key", () -> WITNESS_KEY);
        registry.add("samverkan.audit.witness.witnesses[0].key", () -> peers.witness.key().encoded());
        registry.add("samverkan.audit.witness.witnesses[0].url", () -> peers.witnessUrl().toString());
        registry.add("samverkan.audit.witness.every", () -> "1h");
    }

    /** The peer logs this log witnesses in the ITs (PeerLogs serves them). */
    protected static final List<String> PEER_ORIGINS = List.of("honest.test/audit", "rewritten.test/audit", "forked.test/audit",
            "rolledback.test/audit", "pushed.test/audit", "pushforged.test/audit", "forgedstate.test/audit");
    /** Made per test JVM: no witness key is in the repository. */
    protected static final String WITNESS_KEY = se.samverkan.audit.tlog.Cosignatures.generateCosigner("samverkan.test/witness");

    /** TestPostgres' URL names the superuser; the service must connect as the roles configured separately. */
    protected static String jdbcUrlWithoutUser() {
        return TestPostgres.jdbcUrl(DB).replaceAll("([?&])user=[^&]*&?", "$1").replaceAll("[?&]$", "");
    }

    protected static CaseRef caseRef(UUID caseId, UUID subjectId) {
        return new CaseRef(caseId, Program.RAPID_INTERVENTION, TestUser.HANINGE, TestUser.YOUTH_UNIT, subjectId, ProtectedIdentity.NONE);
    }

    protected static ActorRef ref(TestUser user) {
        return user.actor().toRef();
    }

    protected static ActorRef actorRef(String userId, Agency agency, String unit, String... roles) {
        return new ActorRef(userId, List.of(roles), agency, TestUser.HANINGE, unit);
    }

    protected CloudEvent send(IntegrationEvent event) {
        CloudEvent envelope = CASE_SERVICE.wrap(UUID.randomUUID(), Instant.now(), event);
        sendRaw(topicOf(envelope), envelope.subject(), signed(envelope));
        return envelope;
    }

    /** The record value the envelope's producer (its source) would publish: signed with that service's test key. */
    protected static byte[] signed(CloudEvent envelope) {
        return TestEventKeys.signed(envelope);
    }

    protected void sendRaw(String topic, String key, byte[] value) {
        try {
            kafka.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static String topicOf(CloudEvent envelope) {
        return se.samverkan.contracts.EventTypes.byType(envelope.type()).orElseThrow().topic();
    }

    protected HttpResponse<String> get(String path, TestUser user) {
        return get(path, user == null ? null : user.bearer());
    }

    protected HttpResponse<String> get(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portOf(path) + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return exchange(request.build());
    }

    protected HttpResponse<String> post(String path, TestUser user, String json) {
        return exchange(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", user.bearer())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return CloudEventCodec.mapper().readTree(response.body());
    }

    /**
     * Sends access events until the log holds at least this many entries, and waits for a checkpoint covering them.
     * One subject for all: 20 different subjects within the hour would make the liaison a volume case, and the review
     * rules of other tests in this JVM (AuditLogIT) would see that.
     */
    protected void logOfAtLeast(int entries) {
        long have = jdbc.queryForObject("SELECT count(*) FROM audit_entries", Long.class);
        UUID subject = UUID.randomUUID();
        for (long i = have; i < entries; i++) {
            send(new AccessRecorded(ref(TestUser.POLICE_LIAISON), UUID.randomUUID(), subject, UUID.randomUUID(),
                    Program.RAPID_INTERVENTION, TestUser.YOUTH_UNIT, AccessAction.READ, "ReadReferral", List.of("CASE_SUMMARY"),
                    "REFERRAL", "OSL_10_18A", false, false, ProtectedIdentity.NONE, AccessOutcome.ALLOWED, null, Instant.now(),
                    TestUser.HANINGE));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject("SELECT coalesce(max(tree_size), 0) FROM checkpoints", Long.class) >= entries);
    }

    /** An entry of the log's own to copy: an officer's search, logged and signed with audit-service's key. */
    protected byte[] ownSearchEntry() {
        logOfAtLeast(3);
        UUID searched = UUID.randomUUID();
        HttpResponse<String> search = get("/api/audit/entries?caseId=" + searched, TestUser.COMPLIANCE_OFFICER);
        if (search.statusCode() != 200) {
            throw new AssertionError("the search to copy answered " + search.statusCode() + ": " + search.body());
        }
        return jdbc.queryForObject("SELECT entry FROM audit_entries WHERE event_type = ? AND case_id = ?",
                byte[].class, se.samverkan.audit.log.Entries.AUDIT_LOG_READ, searched);
    }

    /** The copied entry under an id of its own, signed as audit-service signs: an entry the log takes as genuine. */
    protected static se.samverkan.audit.log.PendingEntry genuine(byte[] copied) {
        tools.jackson.databind.node.ObjectNode entry = (tools.jackson.databind.node.ObjectNode) CloudEventCodec.mapper().readTree(copied);
        entry.put("id", UUID.randomUUID().toString());
        entry.remove(se.samverkan.signing.SignedEnvelope.SIGNATURE_ATTRIBUTE);
        entry.remove(se.samverkan.signing.SignedEnvelope.KEY_ID_ATTRIBUTE);
        return se.samverkan.audit.log.Entries.fromStored(TestEventKeys.signer("audit-service")
                .sign(CloudEventCodec.mapper().treeToValue(entry, CloudEvent.class)));
    }

    /**
     * A tree size below the latest signed checkpoint that no checkpoint row holds: two entries appended in one
     * submission leave the size between them without one (again when other entries came in between).
     */
    protected long sizeNoCheckpointHolds(se.samverkan.audit.log.Sequencer sequencer) {
        byte[] copied = ownSearchEntry();
        for (int attempt = 0; attempt < 5; attempt++) {
            long before = sequencer.checkpointNow().treeSize();
            sequencer.submit(List.of(genuine(copied), genuine(copied))).join();
            long after = sequencer.checkpointNow().treeSize();
            Long held = jdbc.queryForObject("SELECT count(*) FROM checkpoints WHERE tree_size = ?", Long.class, before + 1);
            if (after > before + 1 && held == 0) {
                return before + 1;
            }
        }
        throw new AssertionError("no size between two checkpoints in five attempts");
    }

    /** Rows as the service's runtime role may write them, for the tests that play an attacker holding it. */
    RuntimeRoleRows runtimeRole() {
        return new RuntimeRoleRows(jdbc);
    }

    protected long entriesWithEventId(String eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM audit_entries WHERE event_id = ?::uuid", Long.class, eventId);
    }

    /** Reads a topic from the beginning with a fresh group, until the deadline, collecting what matches. */
    protected static List<ConsumerRecord<String, byte[]>> readTopic(String topic, java.util.function.Predicate<ConsumerRecord<String, byte[]>> wanted,
                                                                     Duration deadline) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long end = System.nanoTime() + deadline.toNanos();
            while (found.isEmpty() && System.nanoTime() < end) {
                consumer.poll(Duration.ofMillis(250)).forEach(record -> {
                    if (wanted.test(record)) {
                        found.add(record);
                    }
                });
            }
        }
        return found;
    }
}
