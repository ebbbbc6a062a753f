package se.samverkan.cases.support;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import se.samverkan.cases.config.CaseServiceProperties;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Topics;
import se.samverkan.cases.schema.SchemaMigration;
import se.samverkan.platform.test.SamverkanTestInfrastructure;
import se.samverkan.platform.test.TestPostgres;
import se.samverkan.platform.test.TestKafka;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * One Spring context for every IT of this module (same configuration, so it is cached), against the JVM's shared
 * PostgreSQL and Kafka, with tokens from the test identity provider. Records on the case and access topics are
 * collected from the start by one background consumer.
 * <p>
 * The database is set up as in production: {@code case_owner} owns it and runs the migrations in a step of its own
 * ({@link SchemaMigration}), and the service runs as {@code case_service}, which owns nothing and has only what the
 * migrations grant it. {@link #jdbc} is the service's own connection (that role); a test that sets up or tampers with
 * rows the role may not touch uses {@link #superuser}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(IntegrationTest.MovableClockConfiguration.class)
public abstract class IntegrationTest {

    @TestConfiguration
    static class MovableClockConfiguration {
        @Bean
        @Primary
        MovableClock movableClock(CaseServiceProperties properties) {
            return new MovableClock(Clock.system(ZoneId.of(properties.zone())));
        }

        /** Every span the service ends, for the tracing tests (issue 13); in the shared context so it stays cached. */
        @Bean
        io.opentelemetry.sdk.trace.SpanProcessor testSpans() {
            return se.samverkan.platform.test.TestSpans.processor();
        }
    }

    protected static final String MUNICIPALITY_WIDE_BREAK_GLASS_UNIT = "haninge-jour";
    protected static final String PNR = "20100315-9124";
    protected static final String GUARDIAN_PNR = "19870614-2836";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<ConsumerRecord<String, byte[]>> RECORDS = new CopyOnWriteArrayList<>();
    private static Thread collector;
    /** Request fields whose values are personal data or free text about people: none may reach an integration event. */
    private static final Set<String> PERSONAL_FIELDS = Set.of("personalIdentityNumber", "name", "address", "text", "summary",
            "caseSummary", "riskAssessment", "weighingOfInterests", "reason", "agreedText");
    /** Shorter values ("x", "K") would match by chance anywhere in an event; the fixtures' real texts are longer. */
    private static final int MIN_PERSONAL_DATA_LENGTH = 8;
    private static final Set<String> PERSONAL_DATA_SENT = ConcurrentHashMap.newKeySet();

    @LocalServerPort
    protected int port;

    /** The probes and metrics have a port of their own (issue 12), as in a deployment. */
    @LocalManagementPort
    protected int managementPort;

    protected int portOf(String path) {
        return path.startsWith("/actuator") ? managementPort : port;
    }

    public static final String DB = "case_service";
    public static final String OWNER = "case_owner";
    public static final String RUNTIME_ROLE = "case_service";
    /** config/application.yml's samverkan.cases.subject-pseudonym-key: migration V32 seals with the service's key. */
    protected static final String TEST_SUBJECT_PSEUDONYM_KEY = "YSeB/shEhPGD8e529srzJoj7mqeGprVq9yTKHV7AOfo=";

    /** The service's own database connection: the runtime role {@code case_service}. */
    @Autowired
    protected JdbcClient jdbc;

    /** The PostgreSQL superuser in the service's database: test set-up and tampering beyond the runtime role's grants. */
    protected static final JdbcClient superuser = JdbcClient.create(TestPostgres.superuser(DB));

    private final List<java.util.UUID> deadLettersCausedHere = new ArrayList<>();

    /**
     * Dead letters this test caused on purpose (a forged row set aside): resolved after it, as an operator does (as the
     * owner) once the leak is dealt with, so the health they turn DOWN or WARN does not carry over to the next test.
     * The forged rows themselves stay, as evidence.
     */
    protected void setAside(java.util.Collection<java.util.UUID> eventIds) {
        deadLettersCausedHere.addAll(eventIds);
    }

    protected void setAside(java.util.UUID eventId) {
        deadLettersCausedHere.add(eventId);
    }

    /**
     * What anyone with the service's database credentials could write (the runtime role may INSERT events): the case's
     * first stored row, its MAC and all, copied under {@code forgedId} to the case's next sequence number.
     */
    protected void copyFirstEventToNextSequenceNumber(java.util.UUID caseId, java.util.UUID forgedId) {
        long next = jdbc.sql("SELECT max(sequence_number) + 1 FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(caseId.toString()).query(Long.class).single();
        org.assertj.core.api.Assertions.assertThat(jdbc.sql("""
                        INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, time_stamp,
                                                        payload_type, payload_revision, payload, meta_data, mac_key_id, mac)
                        SELECT ?, aggregate_identifier, ?, type, time_stamp, payload_type, payload_revision, payload, meta_data,
                               mac_key_id, mac
                        FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0""")
                .params(forgedId.toString(), next, caseId.toString()).update()).isEqualTo(1);
    }

    @org.junit.jupiter.api.AfterEach
    protected void resolveTheDeadLettersThisTestCaused() {
        deadLettersCausedHere.forEach(id -> superuser.sql("UPDATE publish_dead_letter SET resolved_at = now() WHERE event_id = ?")
                .param(id).update());
        deadLettersCausedHere.clear();
    }

    @Autowired
    private Clock serviceClock;

    /** The service's "today" (its Clock's zone), not the test JVM's: between 23:00 and 24:00 UTC they differ. */
    protected LocalDate today() {
        return LocalDate.now(serviceClock);
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SamverkanTestInfrastructure.register(registry, DB, OWNER, RUNTIME_ROLE);
        // as in production: the owner migrates in a step of its own; the service gets the runtime role only
        SchemaMigration.migrate(TestPostgres.jdbcUrlWithoutUser(DB), OWNER, OWNER, RUNTIME_ROLE, TEST_SUBJECT_PSEUDONYM_KEY);
        // a unit (no demo user works there) whose break-glass reaches the whole municipality: AccessMatrixIT's scope tests
        registry.add("samverkan.cases.break-glass.units." + MUNICIPALITY_WIDE_BREAK_GLASS_UNIT + ".scope", () -> "MUNICIPALITY");
        staffDirectory(registry);
        startCollector();
    }

    /** No Keycloak in these tests: the staff directory is the demo users, from configuration. */
    private static void staffDirectory(DynamicPropertyRegistry registry) {
        registry.add("samverkan.directory.keycloak.enabled", () -> "false");
        List<TestUser> users = TestUser.all();
        for (int i = 0; i < users.size(); i++) {
            TestUser user = users.get(i);
            String prefix = "samverkan.directory.users[" + i + "].";
            registry.add(prefix + "user-id", user::id);
            registry.add(prefix + "username", user::username);
            registry.add(prefix + "agency", () -> user.agency().name());
            registry.add(prefix + "municipality", user::municipality);
            registry.add(prefix + "unit", user::unit);
            registry.add(prefix + "roles", () -> String.join(",", user.roles().stream().map(Enum::name).toList()));
        }
    }

    private static synchronized void startCollector() {
        if (collector != null) {
            return;
        }
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "case-service-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        consumer.subscribe(List.of(Topics.CASE_EVENTS, Topics.ACCESS_EVENTS));
        collector = Thread.ofPlatform().daemon().name("it-kafka-collector").start(() -> {
            while (true) {
                consumer.poll(Duration.ofMillis(100)).forEach(RECORDS::add);
            }
        });
    }

    protected static List<ConsumerRecord<String, byte[]>> records(String topic) {
        return RECORDS.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    protected static CloudEvent awaitEvent(String topic, Predicate<CloudEvent> match) {
        CloudEvent[] found = new CloudEvent[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Optional<CloudEvent> event = records(topic).stream().map(r -> CloudEventCodec.fromBytes(r.value())).filter(match).findFirst();
            event.ifPresent(e -> found[0] = e);
            return event.isPresent();
        });
        return found[0];
    }

    protected static List<CloudEvent> events(String topic, Predicate<CloudEvent> match) {
        return records(topic).stream().map(r -> CloudEventCodec.fromBytes(r.value())).filter(match).toList();
    }

    protected static Predicate<CloudEvent> ofType(String type, Object subject) {
        return e -> e.type().equals(type) && String.valueOf(subject).equals(e.subject());
    }

    public record Response(int status, Map<String, List<String>> headers, String body) {

        public JsonNode json() {
            return CloudEventCodec.mapper().readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .flatMap(h -> h.getValue().stream()).findFirst().orElse(null);
        }

        public UUID uuid(String field) {
            return UUID.fromString(json().get(field).asString());
        }
    }

    /**
     * Whether {@code user}'s case list, with {@code filters} ("unit=…" or ""), shows the case: false until the list
     * projection has it. Asked for the case's subject, and page by page: the list is newest change first, and other
     * tests' cases of the same subject (most share {@link #PNR}) may come first, some for days (a test that moves the
     * service's clock ahead has events stamped days ahead; ReferralFlowIT failed so in CI, its new case on no first page).
     */
    protected boolean listShows(TestUser user, String filters, UUID caseId) {
        Optional<UUID> subject = jdbc.sql("SELECT subject_id FROM case_summary WHERE case_id = ?").param(caseId)
                .query(UUID.class).optional();
        if (subject.isEmpty()) {
            return false;
        }
        String path = "/api/cases?" + (filters.isEmpty() ? "" : filters + "&") + "subjectId=" + subject.get() + "&limit=200";
        if (get(user, path).status() != 200) {
            // a reader the list refuses (403) is not shown the case either
            return false;
        }
        return listed(user, path).stream().anyMatch(item -> caseId.toString().equals(item.path("caseId").asString()));
    }

    /**
     * Every item of a paged list, following its Link headers from {@code path} (at most 50 pages), each page answered
     * 200. A list's first page depends on what earlier test classes left in the shared database, so a test that looks
     * for its own item, or checks that it is absent, reads them all.
     */
    protected List<JsonNode> listed(TestUser user, String path) {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 0; path != null && page < 50; page++) {
            Response list = get(user, path);
            if (list.status() != 200) {
                throw new AssertionError("a page of " + path + " answered " + list);
            }
            list.json().forEach(items::add);
            path = nextPage(list);
        }
        return items;
    }

    /** The path of the page a Link header names as next, or null on the last page. */
    protected static String nextPage(Response page) {
        String link = page.header("Link");
        if (link == null) {
            return null;
        }
        java.util.regex.Matcher next = java.util.regex.Pattern.compile("<([^>]+)>; rel=\"next\"").matcher(link);
        if (!next.find()) {
            return null;
        }
        URI uri = URI.create(next.group(1));
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    protected Response get(TestUser user, String path, String... headers) {
        return send(user, "GET", path, null, headers);
    }

    protected Response post(TestUser user, String path, String body, String... headers) {
        return send(user, "POST", path, body, headers);
    }

    protected Response put(TestUser user, String path, String body, String... headers) {
        return send(user, "PUT", path, body, headers);
    }

    protected Response send(TestUser user, String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portOf(path) + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", user.bearer());
        }
        List<String> all = new ArrayList<>(List.of(headers));
        for (int i = 0; i + 1 < all.size(); i += 2) {
            request.header(all.get(i), all.get(i + 1));
            if (all.get(i).equalsIgnoreCase("X-Break-Glass-Reason")) {
                rememberPersonalData(java.net.URLDecoder.decode(all.get(i + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        if (body != null) {
            collectPersonalData(CloudEventCodec.mapper().readTree(body));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void collectPersonalData(JsonNode node) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (PERSONAL_FIELDS.contains(field.getKey()) && field.getValue().isString()) {
                    rememberPersonalData(field.getValue().asString());
                } else {
                    collectPersonalData(field.getValue());
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collectPersonalData(element);
            }
        }
    }

    protected static void rememberPersonalData(String value) {
        String text = value.strip();
        if (text.length() >= MIN_PERSONAL_DATA_LENGTH) {
            PERSONAL_DATA_SENT.add(text);
            if (text.matches("\\d{8}-\\d{4}")) {
                PERSONAL_DATA_SENT.add(text.replace("-", ""));
                PERSONAL_DATA_SENT.add(text.substring(2));
                PERSONAL_DATA_SENT.add(text.substring(2).replace("-", ""));
            }
        }
    }

    /** Every personnummer, name, address and free text any IT of this JVM has sent so far. */
    protected static Set<String> personalDataSent() {
        return Set.copyOf(PERSONAL_DATA_SENT);
    }

    private static final java.util.regex.Pattern IDS_AND_TIMES = java.util.regex.Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z");

    /**
     * The wire text with every UUID and instant blanked, so that a short needle such as the last four digits of a
     * personnummer is looked for only where personal data could be: a random id or the nanoseconds of a timestamp
     * contain "9124" now and then, and a check on the raw text would fail by chance.
     */
    protected static String withoutIdsAndTimes(String wire) {
        return IDS_AND_TIMES.matcher(wire).replaceAll("_");
    }

    /** How a client sends free text in a header such as X-Break-Glass-Reason. */
    protected static String percentEncoded(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    protected static String openCaseBody(String program, String protectedIdentity, String... team) {
        return """
                {"program":"%s","subject":{"personalIdentityNumber":"%s","name":"Kim Testsson","dateOfBirth":"2010-03-15",
                 "address":"Hemliga vägen 1, Haninge","protectedIdentity":"%s",
                 "guardians":[{"personalIdentityNumber":"%s","name":"Vera Testsson"}]},
                 "team":[%s]}""".formatted(program, PNR, protectedIdentity, GUARDIAN_PNR,
                String.join(",", java.util.Arrays.stream(team).map(t -> "\"" + t + "\"").toList()));
    }

    protected UUID openCase(TestUser user, String program, String protectedIdentity, String... team) {
        Response response = post(user, "/api/cases", openCaseBody(program, protectedIdentity, team));
        if (response.status() != 201) {
            throw new AssertionError("open case failed: " + response);
        }
        return response.uuid("caseId");
    }
}
