package se.samverkan.localstack;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import se.samverkan.localstack.kafka.KafkaAccess;
import se.samverkan.localstack.kafka.TopicList;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 point 1 on Kubernetes and docker-compose (neither runs here): the same broker model as the local stack.
 * Strimzi's Kafka has only an authenticated TLS listener and simple authorization, each service is a KafkaUser whose
 * grants equal infra/kafka/acls.txt, and each Deployment logs in as its own user; compose runs its broker with SCRAM
 * and ACLs from the same files.
 */
class KafkaAccessManifestsTest {

    private final Path root = StackSettings.findProjectRoot();
    private final KafkaAccess access = KafkaAccess.read(root.resolve("infra/kafka/acls.txt"));
    private final List<Map<String, Object>> k8s = InfraManifests.yamlDocuments(root.resolve("infra/k8s"));

    @Test
    void strimzi_has_no_listener_without_a_login_and_authorizes_every_request() {
        Map<String, Object> kafka = map(single("Kafka").get("spec"), "kafka");
        List<Map<String, Object>> listeners = maps(kafka.get("listeners"));

        assertThat(listeners).isNotEmpty().allSatisfy(listener -> {
            assertThat(listener.get("tls")).as(String.valueOf(listener.get("name"))).isEqualTo(true);
            assertThat(map(listener, "authentication")).as(String.valueOf(listener.get("name"))).containsEntry("type", "scram-sha-512");
        });
        assertThat(map(kafka, "authorization")).containsEntry("type", "simple");
        assertThat(map(single("Kafka").get("spec"), "entityOperator")).containsKey("userOperator");
    }

    @Test
    void each_service_is_a_kafka_user_with_exactly_the_grants_of_the_table() {
        Map<String, Map<String, Object>> users = new LinkedHashMap<>();
        kinds("KafkaUser").forEach(user -> users.put(name(user), user));

        assertThat(users.keySet()).containsExactlyInAnyOrderElementsOf(access.users());
        users.forEach((user, resource) -> {
            Map<String, Object> spec = map(resource, "spec");
            assertThat(map(spec, "authentication")).as(user).containsEntry("type", "scram-sha-512");
            assertThat(map(spec, "authorization")).as(user).containsEntry("type", "simple");
            Set<String> granted = new HashSet<>();
            for (Map<String, Object> acl : maps(map(spec, "authorization").get("acls"))) {
                Map<String, Object> target = map(acl, "resource");
                assertThat(target).as(user).containsEntry("patternType", "literal");
                assertThat(acl.getOrDefault("host", "*")).as(user).isEqualTo("*");
                for (String operation : strings(acl.get("operations"))) {
                    granted.add(target.get("type") + ":" + target.get("name") + ":" + operation);
                }
            }
            Set<String> table = new HashSet<>();
            for (KafkaAccess.Grant grant : access.grantsOf(user)) {
                for (AclOperation operation : grant.operations()) {
                    table.add(grant.resourceType().name().toLowerCase(Locale.ROOT) + ":" + grant.resourceName() + ":"
                            + KafkaAccess.strimziName(operation));
                }
            }
            assertThat(granted).as(user + " on Kubernetes vs infra/kafka/acls.txt").isEqualTo(table);
        });
        assertThat(access.grants()).allSatisfy(grant -> assertThat(grant.resourceType()).isIn(ResourceType.TOPIC, ResourceType.GROUP));
    }

    @Test
    void strimzi_creates_every_topic_of_the_list_and_no_other() {
        assertThat(kinds("KafkaTopic").stream().map(KafkaAccessManifestsTest::name).toList())
                .containsExactlyInAnyOrderElementsOf(TopicList.read(root.resolve("infra/kafka/topics.txt")).names());
    }

    @Test
    void each_deployment_logs_in_as_its_own_user_over_tls_trusting_the_cluster_ca() {
        Map<String, Object> config = map(single("ConfigMap"), "data");
        assertThat(config).containsEntry("SAMVERKAN_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "PEM");
        String truststore = String.valueOf(config.get("SPRING_KAFKA_SSL_TRUST_STORE_LOCATION"));

        for (Map<String, Object> deployment : kinds("Deployment")) {
            String service = name(deployment);
            Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
            Map<String, Object> container = maps(pod.get("containers")).getFirst();
            Map<String, Map<String, Object>> env = maps(container.get("env")).stream()
                    .collect(Collectors.toMap(variable -> (String) variable.get("name"), variable -> variable));

            assertThat(env.get("SAMVERKAN_KAFKA_USERNAME")).as(service).containsEntry("value", service);
            assertThat(map(map(env.get("SAMVERKAN_KAFKA_PASSWORD"), "valueFrom"), "secretKeyRef"))
                    .as(service + ": Strimzi's Secret for the KafkaUser").isEqualTo(Map.of("name", service, "key", "password"));
            Map<String, Object> mount = maps(container.get("volumeMounts")).stream()
                    .filter(m -> truststore.startsWith("file:" + m.get("mountPath") + "/")).findFirst().orElseThrow();
            Map<String, Object> volume = maps(pod.get("volumes")).stream().filter(v -> v.get("name").equals(mount.get("name"))).findFirst().orElseThrow();
            assertThat(map(volume, "secret")).as(service).containsEntry("secretName", "samverkan-cluster-ca-cert");
        }
    }

    @Test
    void compose_runs_its_broker_with_scram_and_the_grants_of_the_table() throws IOException {
        Map<String, Map<String, Object>> services = composeServices();
        assertThat(strings(services.get("kafka").get("entrypoint"))).contains("/infra/kafka/start-broker.sh");
        assertThat(strings(services.get("kafka-topics").get("entrypoint"))).contains("/infra/kafka/setup.sh");

        String broker = Files.readString(root.resolve("infra/kafka/start-broker.sh"));
        assertThat(broker).contains("allow.everyone.if.no.acl.found=false", "super.users=User:admin",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer", "sasl.enabled.mechanisms=SCRAM-SHA-512",
                "--add-scram", "auto.create.topics.enable=false");
        String protocols = broker.lines().filter(line -> line.startsWith("listener.security.protocol.map=")).findFirst().orElseThrow();
        assertThat(protocols.split("[=,]")).filteredOn(entry -> entry.contains(":")).allMatch(entry -> entry.endsWith(":SASL_PLAINTEXT"));
        assertThat(Files.readString(root.resolve("infra/kafka/setup.sh"))).contains("acls.txt", "kafka-acls.sh", "SCRAM-SHA-512");

        for (String service : access.users()) {
            Map<String, Object> env = map(services.get(service), "environment");
            assertThat(env).as(service).containsEntry("SAMVERKAN_KAFKA_USERNAME", service)
                    .containsEntry("SAMVERKAN_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        }
    }

    private Map<String, Map<String, Object>> composeServices() throws IOException {
        try (Reader reader = Files.newBufferedReader(root.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
            return services;
        }
    }

    private Map<String, Object> single(String kind) {
        List<Map<String, Object>> found = kinds(kind);
        assertThat(found).as(kind).hasSize(1);
        return found.getFirst();
    }

    private List<Map<String, Object>> kinds(String kind) {
        return k8s.stream().filter(document -> kind.equals(document.get("kind"))).toList();
    }

    private static String name(Map<String, Object> document) {
        return (String) map(document, "metadata").get("name");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object parent, String key) {
        Object value = ((Map<String, Object>) parent).get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }

    private static List<String> strings(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return ((List<?>) value).stream().map(String::valueOf).toList();
    }
}
