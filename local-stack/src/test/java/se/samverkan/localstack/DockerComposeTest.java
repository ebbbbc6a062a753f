package se.samverkan.localstack;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import se.samverkan.localstack.postgres.ServiceDatabase;
import se.samverkan.localstack.services.ServiceSpec;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this keeps it in step with the local stack: same
 * Keycloak version, issuer, ports (the API's and actuator's management port), databases and roles, so the README's
 * curl walk-through works on both.
 */
class DockerComposeTest {

    private final Path root = StackSettings.findProjectRoot();
    private final StackSettings local = StackSettings.local(root);
    private final Map<String, Map<String, Object>> services = services();

    @Test
    void keycloak_is_the_same_version_and_issues_the_same_issuer() {
        assertThat(services.get("keycloak").get("image")).isEqualTo("quay.io/keycloak/keycloak:" + local.keycloakVersion());
        assertThat(strings(services.get("keycloak").get("command"))).contains("--hostname=" + local.keycloakUrl(), "--import-realm");
    }

    @Test
    void each_service_gets_the_local_stacks_issuer_port_database_and_role() {
        for (ServiceSpec spec : ServiceSpec.all(local)) {
            Map<String, Object> service = services.get(spec.name());
            Map<String, Object> env = environment(service);
            ServiceDatabase database = spec.database();

            assertThat(env).as(spec.name())
                    .containsEntry("SAMVERKAN_SECURITY_ISSUER", local.issuer())
                    .containsEntry("SERVER_PORT", String.valueOf(spec.port()))
                    .containsEntry("SPRING_DATASOURCE_USERNAME", database.applicationRole())
                    .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/" + database.databaseName());
            if (!database.owner().equals(database.applicationRole())) {
                // the owner's credentials go to the one-shot migration step only, never to the running service
                assertThat(env).as(spec.name()).doesNotContainKeys("SPRING_FLYWAY_USER", "SPRING_FLYWAY_PASSWORD");
                Map<String, Object> migrate = services.get(spec.name().replace("-service", "-migrate"));
                assertThat(strings(migrate.get("command"))).containsExactly("migrate");
                Map<String, Object> migrateEnv = environment(migrate);
                assertThat(migrateEnv).containsEntry("SPRING_FLYWAY_USER", database.owner())
                        .containsEntry("SPRING_DATASOURCE_USERNAME", database.applicationRole());
                assertThat(spec.environment(local)).doesNotContainKeys("SPRING_FLYWAY_USER", "SPRING_FLYWAY_PASSWORD");
                assertThat(spec.migrationEnvironment(local)).containsEntry("SPRING_FLYWAY_USER", database.owner());
            }
            int management = managementPort(spec, env);
            assertThat(strings(service.get("ports"))).as(spec.name())
                    .containsExactly("127.0.0.1:" + spec.port() + ":" + spec.port(), "127.0.0.1:" + management + ":" + management);
        }
    }

    @Test
    void each_service_answers_its_health_check_on_the_management_port_the_local_stack_uses() {
        for (ServiceSpec spec : ServiceSpec.all(local)) {
            Map<String, Object> service = services.get(spec.name());
            Map<String, Object> env = environment(service);
            int management = managementPort(spec, env);
            // actuator is not served on the API port at all: a health check there would never pass
            assertThat(management).as(spec.name()).isEqualTo(spec.managementPort()).isNotEqualTo(spec.port());
            assertThat(spec.environment(local)).containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(spec.managementPort()));
            @SuppressWarnings("unchecked")
            Map<String, Object> healthcheck = (Map<String, Object>) service.get("healthcheck");
            assertThat(healthcheck).as(spec.name() + " has a healthcheck").isNotNull();
            assertThat(String.join(" ", strings(healthcheck.get("test")))).as(spec.name())
                    .contains("http://127.0.0.1:" + management + "/actuator/health/")
                    .doesNotContain(":" + spec.port() + "/");
        }
    }

    @Test
    void infrastructure_is_published_on_the_local_stacks_ports() {
        assertThat(strings(services.get("postgres").get("ports"))).containsExactly("127.0.0.1:" + local.postgresPort() + ":5432");
        assertThat(strings(services.get("keycloak").get("ports"))).containsExactly("127.0.0.1:" + local.keycloakPort() + ":8180");
        assertThat(strings(services.get("mailpit").get("ports"))).contains("127.0.0.1:" + local.smtpPort() + ":1025");
        assertThat(strings(services.get("kafka").get("ports"))).containsExactly("127.0.0.1:" + local.kafkaPort() + ":19092");
    }

    @Test
    void audit_service_witnesses_with_every_setting_the_local_stack_gives_it_and_a_key_of_its_own() {
        ServiceSpec audit = ServiceSpec.all(local).stream().filter(s -> s.name().equals("audit-service")).findFirst().orElseThrow();
        List<String> stackWitnessSettings = audit.environment(local).keySet().stream()
                .filter(key -> key.startsWith("SAMVERKAN_AUDIT_WITNESS_")).sorted().toList();
        assertThat(stackWitnessSettings).contains("SAMVERKAN_AUDIT_WITNESS_KEY", "SAMVERKAN_AUDIT_WITNESS_PEERS_0_URL",
                "SAMVERKAN_AUDIT_WITNESS_WITNESSES_0_KEY");
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) services.get("audit-service").get("environment");
        assertThat(env).as("compose's audit-service witnesses as the local stack's does").containsKeys(
                stackWitnessSettings.toArray(String[]::new));
        assertThat(env).containsKey("SAMVERKAN_AUDIT_WITNESS_REQUIRED");
        // the witness key is exported by the operator, required, and never the checkpoint signing key
        assertThat(String.valueOf(env.get("SAMVERKAN_AUDIT_WITNESS_KEY"))).startsWith("${SAMVERKAN_AUDIT_WITNESS_KEY:?")
                .isNotEqualTo(String.valueOf(env.get("SAMVERKAN_AUDIT_SIGNING_KEY")));
        // peers and witnesses are required like the ConfigMap on Kubernetes: a log is never silently unwitnessed
        for (String key : stackWitnessSettings) {
            if (key.contains("_PEERS_") || key.contains("_WITNESSES_")) {
                assertThat(String.valueOf(env.get(key))).as(key).startsWith("${" + key + ":?");
            }
        }
        // and only audit-service holds a witness key
        for (String other : List.of("case-service", "notification-service")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> otherEnv = (Map<String, Object>) services.get(other).get("environment");
            assertThat(otherEnv.keySet()).as(other).noneMatch(key -> key.startsWith("SAMVERKAN_AUDIT_WITNESS_"));
        }
    }

    /** Where the compose service's actuator listens: its MANAGEMENT_SERVER_PORT, else the jar's default. */
    private int managementPort(ServiceSpec spec, Map<String, Object> env) {
        Object set = env.get("MANAGEMENT_SERVER_PORT");
        return set != null ? Integer.parseInt(String.valueOf(set)) : InfraManifests.defaultManagementPort(root, spec.module());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> services() {
        try (Reader reader = Files.newBufferedReader(root.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            return (Map<String, Map<String, Object>>) compose.get("services");
        } catch (IOException e) {
            throw new AssertionError("cannot read docker-compose.yml", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return ((List<Object>) list).stream().map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> service) {
        return (Map<String, Object>) service.get("environment");
    }
}
