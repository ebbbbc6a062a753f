package se.samverkan.localstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samverkan.localstack.keycloak.LocalKeycloak;
import se.samverkan.localstack.keycloak.ProductionRealm;
import se.samverkan.localstack.secrets.StackSecrets;
import se.samverkan.localstack.services.ServiceSpec;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacker's view of issue 10 item 12 ("development keys are production defaults"): someone who has read the
 * repository tries the keys and secrets published in it. Before the fix each service started without any
 * configuration on those keys (so the attacker could unseal personal data, link subject ids and forge audit
 * checkpoints), the local stack ran on them, and the only realm file let anyone use the password grant. Each test
 * here fails on that code.
 */
class AttackerSecretsIT {

    // what the repository used to publish as defaults (case-service, audit-service) and in the realm file
    private static final String PUBLISHED_PSEUDONYM_KEY = "bG9jYWwtZGV2ZWxvcG1lbnQtb25seS1zdWJqZWN0LXBzZXVkb255bS1rZXk=";
    private static final String PUBLISHED_MASTER_KEYS = "dev-2026:bG9jYWwtZGV2LW9ubHktbWFzdGVyLWtleS0zMi1ieXQ=";
    private static final String PUBLISHED_SIGNING_KEY = "PRIVATE+KEY+samverkan.local-audit-dev+914e6cba+AZfv7LKvFRLiR6GwEy+iuIHZtmr1Eufa6oh5WsaVA4ja";
    private static final String PUBLISHED_VERIFIER_KEY = "samverkan.local-audit-dev+914e6cba+AQz1OXobpbelOQL/rky1xZX7z5gWmL/Df9gsvx7sLnRu";
    private static final String PUBLISHED_CLIENT_SECRET = "samverkan-notification-dev-secret";
    private static final Duration EXIT_PATIENCE = Duration.ofSeconds(150);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static StackSettings settings;

    @BeforeAll
    static void stack() {
        settings = ItStack.get().settings();
    }

    @Test
    void a_service_started_without_its_keys_or_on_the_published_ones_exits_naming_the_variable() {
        String fresh = "not-published-" + UUID.randomUUID();
        Map<String, Attempt> attempts = new LinkedHashMap<>();
        // nothing but a database password of its own: the keys are missing
        // (issue 16: and without its broker password, which every service needs as much as its keys)
        attempts.put("case-service without keys", new Attempt("case-service", Map.of("SPRING_DATASOURCE_PASSWORD", fresh),
                List.of("SAMVERKAN_CASES_SUBJECT_PSEUDONYM_KEY", "SAMVERKAN_CASES_MASTER_KEYS", "SAMVERKAN_KAFKA_PASSWORD")));
        attempts.put("audit-service without keys", new Attempt("audit-service", Map.of("SPRING_DATASOURCE_PASSWORD", fresh,
                "SPRING_FLYWAY_USER", "audit_owner", "SPRING_FLYWAY_PASSWORD", fresh), List.of("SAMVERKAN_AUDIT_SIGNING_KEY", "SAMVERKAN_KAFKA_PASSWORD")));
        attempts.put("notification-service without a database password", new Attempt("notification-service", Map.of(),
                List.of("SPRING_DATASOURCE_PASSWORD", "SAMVERKAN_KAFKA_PASSWORD")));
        // the keys every reader of the repository has
        attempts.put("case-service on the published keys", new Attempt("case-service", Map.of("SPRING_DATASOURCE_PASSWORD", fresh,
                "SAMVERKAN_CASES_SUBJECT_PSEUDONYM_KEY", PUBLISHED_PSEUDONYM_KEY, "SAMVERKAN_CASES_MASTER_KEYS", PUBLISHED_MASTER_KEYS),
                List.of("SAMVERKAN_CASES_SUBJECT_PSEUDONYM_KEY", "SAMVERKAN_CASES_MASTER_KEYS")));
        attempts.put("audit-service on the published key", new Attempt("audit-service", Map.of("SPRING_DATASOURCE_PASSWORD", fresh,
                "SPRING_FLYWAY_USER", "audit_owner", "SPRING_FLYWAY_PASSWORD", fresh, "SAMVERKAN_AUDIT_SIGNING_KEY", PUBLISHED_SIGNING_KEY),
                List.of("SAMVERKAN_AUDIT_SIGNING_KEY")));
        attempts.put("notification-service on the published password and client secret", new Attempt("notification-service", Map.of(
                "SPRING_DATASOURCE_PASSWORD", "notification_service",
                "SAMVERKAN_DIRECTORY_KEYCLOAK_ENABLED", "true",
                "SAMVERKAN_DIRECTORY_KEYCLOAK_CLIENT_SECRET", PUBLISHED_CLIENT_SECRET),
                List.of("SPRING_DATASOURCE_PASSWORD", "SAMVERKAN_DIRECTORY_KEYCLOAK_CLIENT_SECRET")));

        Map<String, CompletableFuture<Exit>> running = new LinkedHashMap<>();
        attempts.forEach((name, attempt) -> running.put(name, CompletableFuture.supplyAsync(() -> run(name, attempt))));

        running.forEach((name, exit) -> {
            Exit result = exit.join();
            assertThat(result.exited()).as(name + " must stop by itself; its output:\n" + result.output()).isTrue();
            assertThat(result.code()).as(name + " exit code; output:\n" + result.output()).isNotZero();
            assertThat(result.output()).as(name).contains("The service refuses to start without its own secrets");
            for (String variable : attempts.get(name).named()) {
                assertThat(result.output()).as(name).contains("set the environment variable " + variable);
            }
            assertThat(result.output()).as(name + " never echoes a key")
                    .doesNotContain(PUBLISHED_PSEUDONYM_KEY, PUBLISHED_SIGNING_KEY, PUBLISHED_CLIENT_SECRET);
        });
    }

    @Test
    void the_running_stack_signs_and_seals_with_keys_of_its_own() throws IOException {
        HttpResponse<String> publicKey = get("http://" + StackSettings.HOST + ":" + settings.auditServicePort() + "/api/audit/public-key");
        assertThat(publicKey.statusCode()).isEqualTo(200);
        assertThat(publicKey.body().strip()).isNotBlank().isNotEqualTo(PUBLISHED_VERIFIER_KEY).doesNotContain("914e6cba");

        Properties keys = new Properties();
        try (var reader = Files.newBufferedReader(settings.dataDir().resolve(StackSecrets.FILE_NAME))) {
            keys.load(reader);
        }
        assertThat(keys.getProperty(StackSecrets.PSEUDONYM_KEY)).isNotBlank().isNotEqualTo(PUBLISHED_PSEUDONYM_KEY);
        assertThat(keys.getProperty(StackSecrets.MASTER_KEYS)).isNotBlank().doesNotContain(PUBLISHED_MASTER_KEYS.substring("dev-2026:".length()));
        assertThat(keys.getProperty(StackSecrets.AUDIT_SIGNING_KEY)).isNotBlank().isNotEqualTo(PUBLISHED_SIGNING_KEY);
        assertThat(Files.getPosixFilePermissions(settings.dataDir().resolve(StackSecrets.FILE_NAME)).toString())
                .as("only the owner may read the stack's keys").isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }

    @Test
    void the_stack_runs_in_development_mode_and_says_so() {
        for (ServiceSpec spec : ServiceSpec.all(settings)) {
            HttpResponse<String> info = get(spec.managementUrl() + "/info");
            assertThat(info.statusCode()).as(spec.name()).isEqualTo(200);
            assertThat(Http.json(info).path("samverkan").path("developmentMode").asBoolean()).as(spec.name() + " " + info.body()).isTrue();
        }
    }

    @Test
    void the_production_realm_refuses_the_password_grant_even_for_a_real_user() throws IOException {
        // import the production template into the running Keycloak under another name (sslRequired relaxed to
        // "external" only because this Keycloak speaks plain HTTP on 127.0.0.1), give it a user with a password,
        // and ask for a token the way the walk-through does
        String realmName = "samverkan-production-" + UUID.randomUUID().toString().substring(0, 8);
        // the admin API does not fill in placeholders as an import at start-up does: do it the way a deployment would
        String template = Files.readString(settings.projectRoot().resolve(ProductionRealm.PRODUCTION))
                .replace(ProductionRealm.WEB_URL, "https://samverkan.example.invalid")
                .replaceAll("\\$\\{KEYCLOAK_CLIENT_SECRET_[A-Z0-9_]+}", UUID.randomUUID().toString());
        assertThat(template).doesNotContain("${KEYCLOAK_", "${SAMVERKAN_");
        ObjectNode realm = (ObjectNode) Http.JSON.readTree(template);
        assertThat(realm.path("users").valueStream()).as("no people in the production realm")
                .allMatch(user -> user.hasNonNull("serviceAccountClientId"));
        realm.put("id", realmName).put("realm", realmName).put("sslRequired", "external");
        String admin = adminToken();
        String adminRealms = settings.keycloakUrl() + "/admin/realms";
        assertThat(send(admin, "POST", adminRealms, realm.toString()).statusCode()).isEqualTo(201);
        try {
            String user = """
                    {"username":"mallory","enabled":true,"email":"mallory@example.invalid","emailVerified":true,
                     "firstName":"Mallory","lastName":"M","credentials":[{"type":"password","value":"demo","temporary":false}]}""";
            assertThat(send(admin, "POST", adminRealms + "/" + realmName + "/users", user).statusCode()).isEqualTo(201);

            HttpResponse<String> token = Http.postForm(settings.keycloakUrl() + "/realms/" + realmName + "/protocol/openid-connect/token",
                    Map.of("client_id", "samverkan-cli", "grant_type", "password", "username", "mallory", "password", "demo"));

            assertThat(token.statusCode()).as(token.body()).isIn(400, 401);
            assertThat(Http.json(token).path("error").asString()).as(token.body()).isEqualTo("unauthorized_client");
            assertThat(token.body()).doesNotContain("access_token");
        } finally {
            send(admin, "DELETE", adminRealms + "/" + realmName, null);
        }
    }

    private record Attempt(String service, Map<String, String> environment, List<String> named) {
    }

    private record Exit(boolean exited, int code, String output) {
    }

    /** The jar the stack runs, started as a child the way ServiceProcess does, but with nothing but the given environment. */
    private static Exit run(String name, Attempt attempt) {
        ServiceSpec spec = ServiceSpec.all(settings).stream().filter(s -> s.name().equals(attempt.service())).findFirst().orElseThrow();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Path log = Files.createTempFile(settings.dataDir(), "attacker-" + attempt.service() + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-jar", spec.jar(settings).toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            // a clean environment: nothing of this JVM's (and no development mode) leaks into the child
            builder.environment().clear();
            builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            builder.environment().put("SERVER_PORT", "0");
            builder.environment().put("SPRING_DATASOURCE_URL", settings.jdbcUrl(spec.database().databaseName()));
            builder.environment().put("SPRING_KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrapServers());
            builder.environment().putAll(attempt.environment());
            Process process = builder.start();
            boolean exited = process.waitFor(EXIT_PATIENCE.toSeconds(), TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
            return new Exit(exited, exited ? process.exitValue() : -1, Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String adminToken() {
        HttpResponse<String> response = Http.postForm(settings.keycloakUrl() + "/realms/master/protocol/openid-connect/token",
                Map.of("client_id", "admin-cli", "grant_type", "password", "username", LocalKeycloak.ADMIN_USER, "password", LocalKeycloak.ADMIN_PASSWORD));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response).path("access_token").asString();
    }

    private static HttpResponse<String> get(String url) {
        return send(null, "GET", url, null);
    }

    private static HttpResponse<String> send(String bearer, String method, String url, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
