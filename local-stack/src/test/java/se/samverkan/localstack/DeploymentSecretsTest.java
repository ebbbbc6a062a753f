package se.samverkan.localstack;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 item 12, the deployment side: infra/k8s takes every key and password from a Kubernetes Secret and never
 * runs in development mode; docker-compose.yml takes the keys from the caller's environment and refuses to start
 * without them (${VAR:?message}), so neither file carries a key.
 */
class DeploymentSecretsTest {

    // the producers' public event keys are configuration, not secrets
    private static final Pattern SECRET_NAME = Pattern.compile("(?!.*TRUSTED_KEYS$).*(KEY|KEYS|SECRET|PASSWORD)$");
    private final Path root = StackSettings.findProjectRoot();

    @Test
    void kubernetes_takes_every_secret_from_a_secret_and_each_service_gets_its_keys() throws IOException {
        Map<String, List<Map<String, Object>>> envByDeployment = new java.util.LinkedHashMap<>();
        for (Map<String, Object> document : InfraManifests.yamlDocuments(root.resolve("infra/k8s"))) {
            if ("Deployment".equals(document.get("kind"))) {
                envByDeployment.put(InfraManifests.name(document), containerEnv(document));
                // the schema owner's password goes to the migration step only, never to the running service
                assertThat(runningContainerVariables(document)).as(InfraManifests.name(document)).doesNotContain("SPRING_FLYWAY_PASSWORD");
            }
            if ("ConfigMap".equals(document.get("kind"))) {
                List<String> keys = ((Map<?, ?>) document.get("data")).keySet().stream().map(String::valueOf).toList();
                assertThat(keys).as("ConfigMap " + InfraManifests.name(document))
                        .noneMatch(key -> SECRET_NAME.matcher(key).matches())
                        .doesNotContain("SAMVERKAN_DEVELOPMENT_MODE");
            }
        }
        assertThat(envByDeployment).containsOnlyKeys("case-service", "audit-service", "notification-service");
        envByDeployment.forEach((deployment, env) -> {
            for (Map<String, Object> variable : env) {
                String name = (String) variable.get("name");
                assertThat(name).as(deployment).isNotEqualTo("SAMVERKAN_DEVELOPMENT_MODE");
                if (SECRET_NAME.matcher(name).matches()) {
                    assertThat(variable).as(deployment + " " + name + " must come from a Secret").doesNotContainKey("value");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> from = (Map<String, Object>) variable.get("valueFrom");
                    assertThat(from).as(deployment + " " + name).containsOnlyKeys("secretKeyRef");
                }
            }
        });
        envByDeployment.forEach((deployment, env) -> assertThat(secretVariables(env)).as(deployment).contains("SAMVERKAN_EVENTS_SIGNING_KEY"));
        // issue 16: each service's broker password too (the Secret Strimzi makes for its KafkaUser)
        assertThat(secretVariables(envByDeployment.get("case-service"))).contains(
                "SAMVERKAN_CASES_SUBJECT_PSEUDONYM_KEY", "SAMVERKAN_CASES_MASTER_KEYS", "SPRING_DATASOURCE_PASSWORD", "SPRING_FLYWAY_PASSWORD",
                "SAMVERKAN_KAFKA_PASSWORD");
        assertThat(secretVariables(envByDeployment.get("audit-service"))).contains(
                "SAMVERKAN_AUDIT_SIGNING_KEY", "SPRING_DATASOURCE_PASSWORD", "SPRING_FLYWAY_PASSWORD", "SAMVERKAN_KAFKA_PASSWORD");
        assertThat(secretVariables(envByDeployment.get("notification-service"))).contains(
                "SPRING_DATASOURCE_PASSWORD", "SPRING_FLYWAY_PASSWORD", "SAMVERKAN_DIRECTORY_KEYCLOAK_CLIENT_SECRET", "SAMVERKAN_KAFKA_PASSWORD");
    }

    @Test
    void docker_compose_takes_the_keys_from_the_callers_environment_and_refuses_without_them() throws IOException {
        Map<String, Object> compose;
        try (Reader reader = Files.newBufferedReader(root.resolve("docker-compose.yml"))) {
            compose = new Yaml().load(reader);
        }
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        for (var expected : Map.of(
                "case-service", List.of("SAMVERKAN_CASES_SUBJECT_PSEUDONYM_KEY", "SAMVERKAN_CASES_MASTER_KEYS", "SAMVERKAN_KAFKA_PASSWORD",
                        "SAMVERKAN_EVENTS_SIGNING_KEY"),
                "audit-service", List.of("SAMVERKAN_AUDIT_SIGNING_KEY", "SAMVERKAN_KAFKA_PASSWORD", "SAMVERKAN_EVENTS_SIGNING_KEY"),
                "notification-service", List.of("SAMVERKAN_KAFKA_PASSWORD", "SAMVERKAN_EVENTS_SIGNING_KEY"),
                // issue 16: the broker's admin and the setup step that makes each service's user
                "kafka", List.of("KAFKA_PASSWORD_ADMIN"),
                "kafka-topics", List.of("KAFKA_PASSWORD_ADMIN", "KAFKA_PASSWORD_CASE_SERVICE", "KAFKA_PASSWORD_AUDIT_SERVICE",
                        "KAFKA_PASSWORD_NOTIFICATION_SERVICE")).entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> env = (Map<String, Object>) services.get(expected.getKey()).get("environment");
            for (String variable : expected.getValue()) {
                String expression = String.valueOf(env.get(variable));
                assertThat(expression).as(expected.getKey() + " " + variable).startsWith("${").contains(":?").endsWith("}");
                // the caller's variable is the service's own (so none can be handed another's broker password or event
                // key), or SAMVERKAN_<variable> for the broker's passwords
                String service = expected.getKey().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
                String callerVariable = expression.substring(2, expression.indexOf(":?"));
                assertThat(callerVariable).as(expected.getKey() + " " + variable).matches(variable.startsWith("SAMVERKAN_KAFKA_PASSWORD")
                        ? "SAMVERKAN_KAFKA_PASSWORD_" + service
                        : variable.equals("SAMVERKAN_EVENTS_SIGNING_KEY") ? "SAMVERKAN_" + service + "_EVENTS_SIGNING_KEY"
                        : variable.startsWith("KAFKA_") ? "SAMVERKAN_" + variable : variable);
            }
        }
    }

    private static List<String> secretVariables(List<Map<String, Object>> env) {
        return env.stream().filter(variable -> variable.get("valueFrom") instanceof Map<?, ?> from && from.containsKey("secretKeyRef"))
                .map(variable -> (String) variable.get("name")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> containerEnv(Map<String, Object> deployment) {
        Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec")).get("template")).get("spec");
        List<Map<String, Object>> env = new ArrayList<>();
        // init containers (audit-service's migration step) hold secrets too, so they follow the same rules
        for (String kind : List.of("initContainers", "containers")) {
            for (Map<String, Object> container : (List<Map<String, Object>>) spec.getOrDefault(kind, List.of())) {
                env.addAll((List<Map<String, Object>>) container.getOrDefault("env", List.of()));
            }
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    private static List<String> runningContainerVariables(Map<String, Object> deployment) {
        Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec")).get("template")).get("spec");
        List<String> names = new ArrayList<>();
        for (Map<String, Object> container : (List<Map<String, Object>>) spec.get("containers")) {
            for (Map<String, Object> variable : (List<Map<String, Object>>) container.getOrDefault("env", List.of())) {
                names.add((String) variable.get("name"));
            }
        }
        return names;
    }
}
