package se.samverkan.notification;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.contracts.Agency;
import se.samverkan.notification.directory.DirectoryUser;
import se.samverkan.platform.directory.DirectorySyncHealthIndicator;
import se.samverkan.platform.directory.KeycloakAdminClient;
import se.samverkan.platform.directory.KeycloakAdminException;
import se.samverkan.platform.directory.KeycloakDirectoryProperties;
import se.samverkan.platform.directory.KeycloakDirectorySync;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.test.TestUser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The platform's directory sync, writing this service's copy, against a real HTTP server (JDK HttpServer) answering with Keycloak's Admin REST API shapes, recorded from
 * Keycloak 26 (src/test/resources/keycloak), and the real directory in PostgreSQL. The run against a real Keycloak is
 * the local stack's end-to-end test.
 */
class KeycloakDirectorySyncIT extends NotificationServiceIT {

    private static final String REALM = "samverkan-test";
    private static final String CLIENT_ID = "samverkan-notification";
    private static final String SECRET = "s3cret-for-the-test";

    @Autowired
    PlatformTransactionManager transactions;

    private HttpServer keycloak;
    private final String prefix = "kc" + UUID.randomUUID().toString().substring(0, 8);
    private final String municipality = "m" + prefix;
    private final String unit = "ungdom-" + prefix;
    private final String policeUnit = "polisen-" + prefix;
    private volatile boolean changed;
    private volatile boolean emptyRealm;
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final List<String> rejected = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startKeycloak() throws IOException {
        keycloak = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        keycloak.createContext("/realms/" + REALM + "/protocol/openid-connect/token", this::token);
        keycloak.createContext("/admin/realms/" + REALM + "/users", this::admin);
        keycloak.start();
    }

    @AfterEach
    void stopKeycloak() {
        keycloak.stop(0);
    }

    @Test
    void theFirstRunBringsInEveryRoutableUserWithTheirSamverkanRolesOnly() {
        KeycloakDirectorySync.Result result = sync(SECRET).run();

        assertThat(result.synced()).isEqualTo(3);
        assertThat(result.skipped()).as("the console user has no unit").isEqualTo(1);
        assertThat(directory.find(prefix + "-sw")).hasValue(new DirectoryUser(prefix + "-sw", prefix + "-anna",
                prefix + "-anna@haninge.example", Agency.SOCIAL_SERVICES, municipality, unit, List.of("social-worker"), true));
        assertThat(directory.find(prefix + "-police")).hasValueSatisfying(user -> {
            assertThat(user.agency()).isEqualTo(Agency.POLICE);
            assertThat(user.unit()).isEqualTo(policeUnit);
            assertThat(user.roles()).containsExactly("police-liaison");
        });
        assertThat(directory.find(prefix + "-supervisor")).hasValueSatisfying(user -> assertThat(user.active())
                .as("disabled in Keycloak").isFalse());
        assertThat(directory.find(prefix + "-console")).isEmpty();
        assertThat(directory.usersInUnit(municipality, unit, Role.SOCIAL_WORKER)).containsExactly(prefix + "-sw");
        assertThat(directory.policeLiaisons(policeUnit)).containsExactly(prefix + "-police");
        assertThat(directory.usersInUnit(municipality, unit, Role.SUPERVISOR)).isEmpty();
        assertThat(rejected).as("every admin request carried the service account's token").isEmpty();
        assertThat(tokenRequests.get()).as("one token for the whole run").isEqualTo(1);
    }

    @Test
    void changesMovesAndUsersWhoDisappearedAreFollowedAndHandMadeEntriesAreLeftAlone() {
        TestUser handMade = person("manual", Role.SOCIAL_WORKER, Agency.SOCIAL_SERVICES, municipality, unit);
        KeycloakDirectorySync sync = sync(SECRET);
        sync.run();

        changed = true;
        KeycloakDirectorySync.Result result = sync.run();

        assertThat(result.deactivated()).as("the police liaison left the realm").isEqualTo(1);
        assertThat(directory.find(prefix + "-police")).hasValueSatisfying(user -> assertThat(user.active()).isFalse());
        assertThat(directory.policeLiaisons(policeUnit)).isEmpty();
        assertThat(directory.find(prefix + "-sw")).hasValueSatisfying(user -> assertThat(user.unit()).isEqualTo(unit + "-avhopp"));
        assertThat(directory.usersInUnit(municipality, unit, Role.SUPERVISOR)).containsExactly(prefix + "-supervisor");
        assertThat(directory.usersInUnit(municipality, unit, Role.SOCIAL_WORKER)).containsExactly(handMade.id());
        assertThat(tokenRequests.get()).as("the token is reused until it expires").isEqualTo(1);
    }

    @Test
    void aRejectedClientOrAnEmptyAnswerLeavesTheDirectoryAsItWas() {
        sync(SECRET).run();

        assertThatThrownBy(() -> sync("wrong-secret").run()).isInstanceOf(KeycloakAdminException.class)
                .hasMessageContaining("401").hasMessageContaining(CLIENT_ID).hasMessageNotContaining("wrong-secret");

        emptyRealm = true;
        assertThatThrownBy(() -> sync(SECRET).run()).isInstanceOf(KeycloakAdminException.class)
                .hasMessageContaining("left as it is");
        assertThat(directory.find(prefix + "-police")).hasValueSatisfying(user -> assertThat(user.active()).isTrue());
        assertThat(directory.find(prefix + "-sw")).hasValueSatisfying(user -> assertThat(user.active()).isTrue());
    }

    @Test
    void anUnreachableKeycloakIsAnErrorThatNamesWhereItLooked() {
        keycloak.stop(0);
        assertThatThrownBy(() -> sync(SECRET).run()).isInstanceOf(KeycloakAdminException.class)
                .hasMessageContaining("did not answer");
    }

    @Test
    void theHealthCheckTellsWhenTheDirectoryWentStale() {
        KeycloakDirectorySync sync = sync(SECRET);
        assertThat(health(sync, Clock.systemUTC()).getStatus()).as("before the first run").isEqualTo(Status.UNKNOWN);

        sync.run();
        Health afterRun = health(sync, Clock.systemUTC());
        assertThat(afterRun.getStatus()).isEqualTo(Status.UP);
        assertThat(afterRun.getDetails()).containsEntry("synced", 3).containsEntry("realm", REALM);

        keycloak.stop(0);
        assertThatThrownBy(sync::run).isInstanceOf(KeycloakAdminException.class);
        Health afterFailure = health(sync, Clock.systemUTC());
        assertThat(afterFailure.getStatus()).as("one failed run is not yet stale").isEqualTo(Status.UP);
        assertThat(afterFailure.getDetails()).containsKey("lastError");

        Clock anHourLater = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
        assertThat(health(sync, anHourLater).getStatus()).as("three 15-minute intervals without a success").isEqualTo(Status.DOWN);
    }

    private Health health(KeycloakDirectorySync sync, Clock clock) {
        return new DirectorySyncHealthIndicator(sync, properties(SECRET), clock).health();
    }

    private KeycloakDirectoryProperties properties(String secret) {
        return new KeycloakDirectoryProperties(true, URI.create("http://127.0.0.1:" + keycloak.getAddress().getPort() + "/"), REALM,
                CLIENT_ID, secret, false, Duration.ofMinutes(15), Duration.ofSeconds(10), 2, Duration.ofSeconds(5));
    }

    private KeycloakDirectorySync sync(String secret) {
        KeycloakDirectoryProperties properties = properties(secret);
        return new KeycloakDirectorySync(new KeycloakAdminClient(properties, Clock.systemUTC()), properties, directory, service,
                new TransactionTemplate(transactions));
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!"POST".equals(exchange.getRequestMethod()) || !"client_credentials".equals(form.get("grant_type"))) {
            respond(exchange, 400, "{\"error\":\"unsupported_grant_type\",\"error_description\":\"Unsupported grant_type\"}");
        } else if (!CLIENT_ID.equals(form.get("client_id")) || !SECRET.equals(form.get("client_secret"))) {
            respond(exchange, 401, "{\"error\":\"unauthorized_client\",\"error_description\":\"Invalid client or Invalid client credentials\"}");
        } else {
            tokenRequests.incrementAndGet();
            respond(exchange, 200, recorded("token.json"));
        }
    }

    private void admin(HttpExchange exchange) throws IOException {
        String expected = "Bearer " + recordedToken();
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            rejected.add(exchange.getRequestURI().toString());
            respond(exchange, 401, "{\"error\":\"HTTP 401 Unauthorized\"}");
            return;
        }
        String path = exchange.getRequestURI().getPath().substring(("/admin/realms/" + REALM + "/users").length());
        if (path.isEmpty()) {
            Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
            if (!"false".equals(query.get("briefRepresentation"))) {
                respond(exchange, 200, "[]"); // a brief representation has no attributes: the sync must ask for the full one
                return;
            }
            int first = Integer.parseInt(query.getOrDefault("first", "0"));
            String page = emptyRealm ? "[]"
                    : changed ? (first == 0 ? recorded("users-after-changes.json") : "[]")
                    : first == 0 ? recorded("users-page-1.json") : first == 2 ? recorded("users-page-2.json") : "[]";
            respond(exchange, 200, page);
            return;
        }
        if (path.endsWith("/role-mappings/realm/composite")) {
            String userId = URLDecoder.decode(path.substring(1, path.indexOf('/', 1)), StandardCharsets.UTF_8);
            String roles = userId.endsWith("-sw") ? "roles-social-worker.json" : userId.endsWith("-police") ? "roles-police-liaison.json"
                    : userId.endsWith("-supervisor") ? "roles-supervisor.json" : "roles-none.json";
            respond(exchange, 200, recorded(roles));
            return;
        }
        respond(exchange, 404, "{\"error\":\"User not found\"}");
    }

    private String recorded(String name) {
        try (InputStream in = getClass().getResourceAsStream("/keycloak/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{prefix}}", prefix).replace("{{municipality}}", municipality)
                    .replace("{{unit}}", unit).replace("{{policeUnit}}", policeUnit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String recordedToken() {
        return json(recorded("token.json")).path("access_token").asString();
    }

    private static Map<String, String> form(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return Map.of();
        }
        return Arrays.stream(encoded.split("&")).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                        pair -> pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : "", (a, b) -> b));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
