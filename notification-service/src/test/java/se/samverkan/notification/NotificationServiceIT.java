package se.samverkan.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CaseRef;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.EventTypes;
import se.samverkan.contracts.IntegrationEvent;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.signing.EventProducer;
import se.samverkan.notification.directory.DirectoryUser;
import se.samverkan.notification.directory.UnitDirectory;
import se.samverkan.notification.schema.SchemaMigration;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.test.SamverkanTestInfrastructure;
import se.samverkan.platform.test.TestEventKeys;
import se.samverkan.platform.test.TestKafka;
import se.samverkan.platform.test.TestPostgres;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One Spring context for every integration test of the service (identical configuration, so it is cached), on the
 * JVM's one PostgreSQL and one Kafka broker, with a real SMTP server (GreenMail). Each test works in its own
 * municipality and units with its own people, so tests never see each other's notifications.
 * <p>
 * The database is set up as in production: {@code notification_owner} owns it and runs the migrations in a step of its
 * own ({@link SchemaMigration}), and the service runs as {@code notification_service}, which owns nothing and has only
 * what the migrations grant it ({@link #service} is its connection). {@link #jdbc} is the tests' own view of the
 * database, the superuser's: what a test reads to check the service, sets up or tampers with is no business of the
 * runtime role's grants (the idempotency ledger, say, is never read by the service).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "samverkan.notification.mail.poll-interval=PT0.2S",
        "samverkan.notification.mail.initial-backoff=PT0.2S",
        "samverkan.notification.mail.max-backoff=PT0.5S",
        "samverkan.notification.mail.max-attempts=1000",
        "samverkan.kafka.max-retries=2",
        "samverkan.directory.keycloak.enabled=false",
        "samverkan.directory.users[0].user-id=configured-liaison",
        "samverkan.directory.users[0].username=configured-liaison",
        "samverkan.directory.users[0].email=configured-liaison@polisen.example",
        "samverkan.directory.users[0].agency=POLICE",
        "samverkan.directory.users[0].municipality=0136",
        "samverkan.directory.users[0].unit=polisen-konfigurerad",
        "samverkan.directory.users[0].roles[0]=police-liaison",
        "samverkan.directory.users[0].active=true",
        "spring.mail.properties.[mail.smtp.connectiontimeout]=1000",
        "spring.mail.properties.[mail.smtp.timeout]=2000"})
@org.springframework.context.annotation.Import(NotificationServiceIT.Spans.class)
public abstract class NotificationServiceIT {

    /** Every span the service ends, for the tracing tests (issue 13); in the shared context so it stays cached. */
    @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
    static class Spans {
        @org.springframework.context.annotation.Bean
        io.opentelemetry.sdk.trace.SpanProcessor testSpans() {
            return se.samverkan.platform.test.TestSpans.processor();
        }
    }

    protected static final Duration PATIENCE = Duration.ofSeconds(20);
    protected static final int SMTP_PORT = freePort();
    protected static volatile GreenMail smtp = startSmtp();

    @LocalServerPort
    protected int port;

    /** The probes and metrics have a port of their own (issue 12), as in a deployment. */
    @LocalManagementPort
    protected int managementPort;

    protected int portOf(String path) {
        return path.startsWith("/actuator") ? managementPort : port;
    }

    public static final String DB = "notification_service";
    public static final String OWNER = "notification_owner";
    public static final String RUNTIME_ROLE = "notification_service";

    @Autowired
    protected UnitDirectory directory;
    /** The service's own database connection: the runtime role {@code notification_service}. */
    @Autowired
    protected JdbcClient service;
    /** The PostgreSQL superuser in the service's database: the tests' reads, set-up and tampering. */
    protected static final JdbcClient jdbc = JdbcClient.create(TestPostgres.superuser(DB));

    protected final HttpClient http = HttpClient.newHttpClient();
    private static KafkaProducer<String, byte[]> producer;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SamverkanTestInfrastructure.register(registry, DB, OWNER, RUNTIME_ROLE);
        // as in production: the owner migrates in a step of its own (the demo directory too, as the service's default
        // locations name it); the service gets the runtime role only
        SchemaMigration.migrate(TestPostgres.jdbcUrlWithoutUser(DB), OWNER, OWNER, RUNTIME_ROLE, SchemaMigration.DEFAULT_LOCATIONS);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    protected static synchronized GreenMail startSmtp() {
        GreenMail server = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    protected static synchronized void stopSmtp() {
        smtp.stop();
    }

    protected static synchronized void restartSmtp() {
        smtp = startSmtp();
    }

    /** Mails received for one address that mention the given text (e.g. a case id). */
    protected static List<MimeMessage> mailsTo(String email, String mentioning) {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(message -> recipients(message).contains(email))
                .filter(message -> GreenMailUtil.getBody(message).contains(mentioning))
                .toList();
    }

    private static String recipients(MimeMessage message) {
        try {
            return Arrays.toString(message.getAllRecipients());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The people of a fresh municipality: two social workers, a supervisor, a compliance officer and a police liaison. */
    protected record Staff(String municipality, String unit, String policeUnit, TestUser socialWorker, TestUser colleague,
                           TestUser supervisor, TestUser compliance, TestUser police) {

        public CaseRef caseRef(UUID caseId, ProtectedIdentity protectedIdentity) {
            return new CaseRef(caseId, Program.RAPID_INTERVENTION, municipality, unit, UUID.randomUUID(), protectedIdentity);
        }

        public ActorRef actor(TestUser user) {
            return new ActorRef(user.id(), user.roles().stream().map(Role::realmRoleName).toList(), user.agency(),
                    user.municipality(), user.unit());
        }
    }

    protected Staff newStaff() {
        String municipality = "m" + UUID.randomUUID().toString().substring(0, 8);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String unit = "ungdom-" + suffix;
        String policeUnit = "polisen-" + suffix;
        return new Staff(municipality, unit, policeUnit,
                person("sw", Role.SOCIAL_WORKER, Agency.SOCIAL_SERVICES, municipality, unit),
                person("colleague", Role.SOCIAL_WORKER, Agency.SOCIAL_SERVICES, municipality, unit),
                person("supervisor", Role.SUPERVISOR, Agency.SOCIAL_SERVICES, municipality, unit),
                person("compliance", Role.COMPLIANCE_OFFICER, Agency.MUNICIPALITY, municipality, "dataskydd-" + suffix),
                person("police", Role.POLICE_LIAISON, Agency.POLICE, municipality, policeUnit));
    }

    protected TestUser person(String name, Role role, se.samverkan.contracts.Agency agency, String municipality, String unit) {
        String id = UUID.randomUUID().toString();
        String username = name + "-" + id.substring(0, 6);
        TestUser user = new TestUser(id, username, EnumSet.of(role), agency, municipality, unit, username + "@test.example");
        directory.upsert(new DirectoryUser(id, username, user.email(), agency, municipality, unit, List.of(role.realmRoleName()), true));
        return user;
    }

    /** As the service that produces the event's type would publish it: on its topic, from its source, signed with its test key. */
    protected CloudEvent publish(IntegrationEvent event) {
        return publish(wrap(event));
    }

    protected static CloudEvent wrap(IntegrationEvent event) {
        return new CloudEventCodec(producerOf(event).source()).wrap(UUID.randomUUID(), Instant.now(), event);
    }

    protected static EventProducer producerOf(IntegrationEvent event) {
        String topic = EventTypes.of(event).topic();
        return Arrays.stream(EventProducer.values()).filter(p -> p.topics().contains(topic)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no producer writes " + topic));
    }

    protected CloudEvent publish(CloudEvent event) {
        send(EventTypes.byType(event.type()).orElseThrow().topic(), event.subject(), TestEventKeys.signed(event));
        return event;
    }

    /** One record exactly as given, keyed like the producers key theirs (so it shares a partition with the case's events). */
    protected static void send(String topic, String key, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to the test broker", e);
        }
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    protected JsonNode inbox(TestUser user, String query) {
        HttpResponse<String> response = get("/api/inbox" + query, user);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /api/inbox" + query + " gave " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    protected HttpResponse<String> get(String path, TestUser user) {
        return send(request(path, user).GET());
    }

    protected HttpResponse<String> post(String path, TestUser user) {
        return send(request(path, user).POST(HttpRequest.BodyPublishers.noBody()));
    }

    protected HttpResponse<String> put(String path, TestUser user, String json) {
        return send(request(path, user).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    protected HttpRequest.Builder request(String path, TestUser user) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portOf(path) + path)).timeout(Duration.ofSeconds(10));
        if (user != null) {
            builder.header("Authorization", user.bearer());
        }
        return builder;
    }

    protected HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static JsonNode json(String body) {
        return CloudEventCodec.mapper().readTree(body);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
