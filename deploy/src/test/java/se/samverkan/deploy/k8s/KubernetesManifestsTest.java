package se.samverkan.deploy.k8s;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import se.samverkan.deploy.RepositoryRoot;
import se.samverkan.deploy.ServicePorts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, Kubernetes: infra/k8s as a cluster would receive it, rendered by Debian's kubectl (kubectl kustomize),
 * every object validated against its schema, and the production shape the issue asks for checked on the rendered
 * objects: Pod Security restricted, default-deny NetworkPolicies with each service reaching only its own database,
 * the broker and Keycloak, disruption budgets, resources, the audit database's roles, secrets and keys only from
 * objects made at installation, topics as in infra/kafka/topics.txt.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = RepositoryRoot.find();
    private static final Map<String, String> DATABASE = Map.of("case-service", "case-db", "notification-service", "notification-db",
            "audit-service", "audit-db");
    private static final Map<String, Integer> PORT = Map.of("case-service", 8081, "notification-service", 8082, "audit-service", 8083);
    /** Actuator (probes, metrics) only; its own connector, so a swamped API port cannot starve the liveness probe. */
    private static final Map<String, Integer> MANAGEMENT_PORT = Map.of("case-service", 9081, "notification-service", 9082,
            "audit-service", 9083);
    private static final Map<String, String> KAFKA_POD = Map.of("strimzi.io/cluster", "samverkan", "strimzi.io/kind", "Kafka",
            "strimzi.io/name", "samverkan-kafka");
    private static List<JsonNode> objects;

    @BeforeAll
    static void render() throws Exception {
        String rendered = Kubectl.run("kustomize", ROOT.resolve("infra/k8s").toString());
        objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(rendered)) {
            if (document != null) {
                objects.add(ManifestSchemas.JSON.valueToTree(document));
            }
        }
    }

    @Test
    void every_rendered_object_conforms_to_its_schema() {
        List<String> violations = new ArrayList<>();
        for (JsonNode object : objects) {
            ManifestSchemas.violations(object).forEach(violation -> violations.add(describe(object) + ": " + violation));
        }
        assertThat(violations).isEmpty();
        assertThat(objects.stream().map(KubernetesManifestsTest::describe)).contains(
                "Namespace/samverkan", "Deployment/case-service", "Deployment/audit-service", "Deployment/notification-service",
                "Kafka/samverkan", "KafkaNodePool/combined", "KafkaUser/case-service", "KafkaTopic/samverkan.access.events",
                "Cluster/case-db", "Cluster/audit-db", "Cluster/notification-db", "NetworkPolicy/default-deny-ingress",
                "PodDisruptionBudget/case-service");
        assertThat(objects).allSatisfy(object -> assertThat(object.path("metadata").path("namespace").asString("samverkan"))
                .as(describe(object)).isEqualTo("samverkan"));
    }

    @Test
    void the_validator_refuses_a_misspelt_field_a_wrong_type_and_an_unknown_value() {
        ObjectNode deployment = (ObjectNode) object("Deployment", "case-service").deepCopy();
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0/securityContext")).put("runAsNonroot", true);
        assertThat(ManifestSchemas.violations(deployment)).singleElement().asString().contains("runAsNonroot");

        ObjectNode pdb = (ObjectNode) object("PodDisruptionBudget", "case-service").deepCopy();
        ((ObjectNode) pdb.path("spec")).put("maxUnavailable", true);
        assertThat(ManifestSchemas.violations(pdb)).isNotEmpty();

        ObjectNode user = (ObjectNode) object("KafkaUser", "case-service").deepCopy();
        ((ArrayNode) user.at("/spec/authorization/acls/0/operations")).add("Erase");
        assertThat(ManifestSchemas.violations(user)).isNotEmpty().anySatisfy(violation -> assertThat(violation).contains("operations"));

        ObjectNode cluster = (ObjectNode) object("Cluster", "audit-db").deepCopy();
        ((ObjectNode) cluster.path("spec")).put("instances", "three");
        assertThat(ManifestSchemas.violations(cluster)).isNotEmpty();

        ObjectNode unknown = ManifestSchemas.JSON.createObjectNode().put("apiVersion", "example.com/v1").put("kind", "Gadget");
        assertThat(ManifestSchemas.violations(unknown)).containsExactly("no schema for example.com/v1 Gadget (add it to deploy/schemas/make-bundle.py)");
    }

    @Test
    void every_pod_meets_pod_security_restricted_and_the_namespace_enforces_it() {
        JsonNode labels = object("Namespace", "samverkan").path("metadata").path("labels");
        for (String mode : List.of("enforce", "audit", "warn")) {
            assertThat(labels.path("pod-security.kubernetes.io/" + mode).asString()).isEqualTo("restricted");
        }
        for (JsonNode deployment : kind("Deployment")) {
            JsonNode pod = deployment.at("/spec/template/spec");
            String name = describe(deployment);
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(name).isTrue();
            assertThat(pod.path("securityContext").path("runAsUser").asInt()).as(name).isEqualTo(10001);
            assertThat(pod.at("/securityContext/seccompProfile/type").asString()).as(name).isEqualTo("RuntimeDefault");
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as(name).isFalse();
            assertThat(pod.path("hostNetwork").asBoolean() || pod.path("hostPID").asBoolean() || pod.path("hostIPC").asBoolean()).as(name).isFalse();
            assertThat(pod.path("volumes").valueStream()).as(name).noneMatch(volume -> volume.has("hostPath"));
            for (JsonNode container : containers(pod)) {
                String where = name + " " + container.path("name").asString();
                JsonNode security = container.path("securityContext");
                assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(where).isFalse();
                assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(where).isTrue();
                assertThat(security.path("privileged").asBoolean()).as(where).isFalse();
                assertThat(security.at("/capabilities/drop").valueStream().map(JsonNode::asString)).as(where).containsExactly("ALL");
                assertThat(security.at("/capabilities/add").isMissingNode()).as(where).isTrue();
                // a read-only root: the JVM's only writable place is /tmp, an emptyDir
                assertThat(container.path("volumeMounts").valueStream().map(mount -> mount.path("mountPath").asString())).as(where).contains("/tmp");
                // requests reserve the benchmark's memory; the limit bounds it (no CPU limit: no throttled GC pauses)
                JsonNode resources = container.path("resources");
                assertThat(resources.at("/requests/cpu").asString("")).as(where).isNotEmpty();
                assertThat(mebibytes(resources.at("/limits/memory").asString())).as(where)
                        .isGreaterThanOrEqualTo(mebibytes(resources.at("/requests/memory").asString()));
            }
        }
    }

    @Test
    void network_policies_let_each_service_reach_only_its_own_database_the_broker_and_keycloak() {
        assertThat(object("NetworkPolicy", "default-deny-ingress").at("/spec/podSelector").isEmpty()).isTrue();
        for (String service : DATABASE.keySet()) {
            Map<String, String> pod = podLabels(service);
            assertThat(policies("Egress", pod)).as(service + " is isolated for egress").isNotEmpty();
            for (var database : DATABASE.entrySet()) {
                boolean own = database.getKey().equals(service);
                Map<String, String> databasePod = Map.of("cnpg.io/cluster", database.getValue(), "cnpg.io/podRole", "instance");
                assertThat(allowed("Egress", pod, databasePod, 5432)).as(service + " → " + database.getValue()).isEqualTo(own);
                assertThat(allowed("Ingress", pod, databasePod, 5432)).as(database.getValue() + " ← " + service).isEqualTo(own);
            }
            assertThat(allowed("Egress", pod, KAFKA_POD, 9093)).as(service + " → broker TLS").isTrue();
            assertThat(allowed("Egress", pod, KAFKA_POD, 9092)).as(service + " → broker plaintext").isFalse();
            for (String other : PORT.keySet()) {
                assertThat(allowed("Egress", pod, podLabels(other), PORT.get(other))).as(service + " → " + other).isFalse();
                assertThat(allowed("Egress", pod, podLabels(other), MANAGEMENT_PORT.get(other))).as(service + " → " + other + " management")
                        .isFalse();
            }
            // Keycloak is outside the cluster: one address on 443, the same for every service
            assertThat(ipBlocks(service)).as(service).contains("203.0.113.10/32:443");
        }
        assertThat(ipBlocks("notification-service")).containsExactlyInAnyOrder("203.0.113.10/32:443", "203.0.113.25/32:587");
        assertThat(ipBlocks("case-service")).containsExactly("203.0.113.10/32:443");
        // the broker's listener itself admits only the services' pods
        JsonNode listener = object("Kafka", "samverkan").at("/spec/kafka/listeners/0");
        assertThat(listener.path("tls").asBoolean()).isTrue();
        assertThat(listener.at("/authentication/type").asString()).isEqualTo("scram-sha-512");
        assertThat(listener.at("/networkPolicyPeers/0/podSelector/matchLabels")).isEqualTo(
                ManifestSchemas.JSON.valueToTree(Map.of("app.kubernetes.io/part-of", "samverkan")));
        assertThat(listener.path("networkPolicyPeers")).hasSize(1);
    }

    @Test
    void prometheus_scrapes_each_service_and_spans_go_to_the_collector_and_nowhere_else() {
        Map<String, String> prometheus = Map.of("app.kubernetes.io/name", "prometheus");
        Map<String, String> collector = Map.of("app.kubernetes.io/name", "opentelemetry-collector");
        Map<String, String> grafana = Map.of("app.kubernetes.io/name", "grafana");
        for (String service : PORT.keySet()) {
            int port = MANAGEMENT_PORT.get(service);
            JsonNode annotations = object("Deployment", service).at("/spec/template/metadata/annotations");
            assertThat(annotations.path("prometheus.io/scrape").asString()).as(service).isEqualTo("true");
            assertThat(annotations.path("prometheus.io/port").asString()).as(service).isEqualTo(String.valueOf(port));
            assertThat(annotations.path("prometheus.io/path").asString()).as(service).isEqualTo("/actuator/prometheus");
            assertThat(containerPort(service, "management")).as(service).isEqualTo(port);
            Map<String, String> pod = podLabels(service);
            assertThat(allowedAcross("Ingress", pod, "monitoring", prometheus, port)).as("prometheus → " + service).isTrue();
            // actuator is not served on the API port, so the scraper has no business there
            assertThat(allowedAcross("Ingress", pod, "monitoring", prometheus, PORT.get(service))).as("prometheus → " + service + " API")
                    .isFalse();
            assertThat(allowedAcross("Ingress", pod, "monitoring", grafana, port)).as("grafana → " + service).isFalse();
            assertThat(allowedAcross("Ingress", pod, "default", prometheus, port)).as("a look-alike elsewhere → " + service).isFalse();
            assertThat(allowedAcross("Egress", pod, "monitoring", collector, 4318)).as(service + " → collector").isTrue();
            assertThat(allowedAcross("Egress", pod, "monitoring", collector, 4317)).as(service + " → collector gRPC").isFalse();
            assertThat(allowedAcross("Egress", pod, "monitoring", prometheus, 9090)).as(service + " → prometheus").isFalse();
        }
        assertThat(object("ConfigMap", "samverkan-config").at("/data/OTEL_EXPORTER_OTLP_ENDPOINT").asString())
                .isEqualTo("http://otel-collector.monitoring:4318");
    }

    @Test
    void probes_use_the_management_port_which_the_container_declares_and_no_service_or_ingress_exposes() {
        Map<String, String> ingressController = Map.of("app.kubernetes.io/name", "ingress-nginx");
        for (String service : PORT.keySet()) {
            int api = PORT.get(service);
            int management = MANAGEMENT_PORT.get(service);
            // what the jar listens on when nothing is set, so a dropped variable cannot move a port under the probes
            assertThat(ServicePorts.of(ROOT, service)).as(service).isEqualTo(new ServicePorts(api, management));
            JsonNode container = object("Deployment", service).at("/spec/template/spec/containers/0");
            assertThat(containerPort(service, "http")).as(service).isEqualTo(api);
            assertThat(containerPort(service, "management")).as(service).isEqualTo(management);
            assertThat(container.path("ports")).as(service).hasSize(2);
            assertThat(env(container, "SERVER_PORT")).as(service).isEqualTo(String.valueOf(api));
            assertThat(env(container, "MANAGEMENT_SERVER_PORT")).as(service).isEqualTo(String.valueOf(management));
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                JsonNode httpGet = container.path(probe).path("httpGet");
                assertThat(httpGet.path("port").asString()).as(service + " " + probe).isEqualTo("management");
                assertThat(httpGet.path("path").asString()).as(service + " " + probe).startsWith("/actuator/health/");
            }
            // the Service (and so any Ingress behind it) carries the API only
            JsonNode serviceObject = object("Service", service);
            assertThat(serviceObject.at("/spec/ports").valueStream().map(p -> p.path("targetPort").asString()))
                    .as("Service/" + service).containsExactly("http");
            Map<String, String> pod = podLabels(service);
            assertThat(allowedAcross("Ingress", pod, "ingress-nginx", ingressController, api)).as("ingress → " + service).isTrue();
            assertThat(allowedAcross("Ingress", pod, "ingress-nginx", ingressController, management))
                    .as("ingress → " + service + " management").isFalse();
        }
        // no probe anywhere on another port, and nothing routes to a management port by name or number
        for (JsonNode deployment : kind("Deployment")) {
            for (JsonNode container : containers(deployment.at("/spec/template/spec"))) {
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    JsonNode httpGet = container.path(probe).path("httpGet");
                    if (!httpGet.isMissingNode()) {
                        assertThat(httpGet.path("port").asString()).as(describe(deployment) + " " + probe).isEqualTo("management");
                    }
                }
            }
        }
        for (JsonNode service : kind("Service")) {
            for (JsonNode port : service.at("/spec/ports")) {
                assertThat(port.path("targetPort").asString("")).as(describe(service)).isNotEqualTo("management");
                assertThat(List.of(port.path("port").asInt(), port.path("targetPort").asInt(0))).as(describe(service))
                        .doesNotContainAnyElementsOf(MANAGEMENT_PORT.values());
            }
        }
        assertThat(kind("Ingress")).allSatisfy(ingress -> assertThat(ingress.toString()).doesNotContain("management"));
    }

    @Test
    void scaled_services_have_disruption_budgets_and_audit_service_runs_a_leader_and_a_standby() {
        for (String service : List.of("case-service", "notification-service")) {
            assertThat(object("Deployment", service).at("/spec/replicas").asInt()).isGreaterThan(1);
            JsonNode budget = object("PodDisruptionBudget", service);
            assertThat(budget.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
            assertThat(budget.at("/spec/selector/matchLabels")).isEqualTo(object("Deployment", service).at("/spec/selector/matchLabels"));
        }
        // audit-service/README.md: two instances, the lock holder leads; readiness (UP only on the leader) routes to it
        JsonNode audit = object("Deployment", "audit-service");
        assertThat(audit.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(audit.at("/spec/strategy/type").asString()).isEqualTo("Recreate");
        JsonNode container = audit.at("/spec/template/spec/containers/0");
        assertThat(container.at("/readinessProbe/httpGet/path").asString()).isEqualTo("/actuator/health/readiness");
        assertThat(container.at("/livenessProbe/httpGet/path").asString()).isEqualTo("/actuator/health/liveness");
        assertThat(kind("PodDisruptionBudget")).noneMatch(budget -> budget.at("/spec/selector/matchLabels/app").asString().equals("audit-service"));
        assertThat(audit.at("/spec/template/spec/affinity/podAntiAffinity").isMissingNode()).isFalse();
    }

    @Test
    void the_audit_database_runtime_role_can_never_disable_a_trigger() {
        JsonNode cluster = object("Cluster", "audit-db").path("spec");
        assertThat(cluster.at("/bootstrap/initdb/owner").asString()).isEqualTo("audit_owner");
        assertThat(cluster.at("/bootstrap/initdb/database").asString()).isEqualTo("audit_service");
        assertThat(cluster.path("enableSuperuserAccess").asBoolean(true)).isFalse();
        JsonNode role = cluster.at("/managed/roles").valueStream().filter(r -> r.path("name").asString().equals("audit_service"))
                .findFirst().orElseThrow();
        // not the owner (ALTER TABLE … DISABLE TRIGGER needs ownership), no superuser (session_replication_role), no
        // member of the owner's role (it would inherit the ownership), no way to make a role that is any of these
        for (String privilege : List.of("superuser", "createrole", "createdb", "replication", "bypassrls")) {
            assertThat(role.path(privilege).asBoolean(true)).as(privilege).isFalse();
        }
        assertThat(role.path("inRoles").valueStream().map(JsonNode::asString)).doesNotContain("audit_owner");
        assertThat(kind("Cluster")).allSatisfy(c -> assertThat(c.at("/spec/enableSuperuserAccess").asBoolean(true)).isFalse());
        // the owner's password reaches the migration step only, never the running service
        JsonNode pod = object("Deployment", "audit-service").at("/spec/template/spec");
        assertThat(secretNames(pod.at("/initContainers/0"))).contains("audit-owner-db");
        assertThat(secretNames(pod.at("/containers/0"))).doesNotContain("audit-owner-db").contains("audit-service-db");
        assertThat(pod.at("/containers/0/env").valueStream().map(env -> env.path("name").asString()))
                .contains("SPRING_DATASOURCE_USERNAME").doesNotContain("SPRING_FLYWAY_USER", "SPRING_FLYWAY_PASSWORD");
    }

    /**
     * As audit-db: case-service's running role owned its schema, so its credentials could add a trigger dropping
     * break-glass access events or rewrite stored events. case_owner owns it and migrates in the init container.
     */
    @Test
    void the_case_database_runtime_role_owns_nothing_and_never_gets_the_owners_password() {
        JsonNode cluster = object("Cluster", "case-db").path("spec");
        assertThat(cluster.at("/bootstrap/initdb/owner").asString()).isEqualTo("case_owner");
        assertThat(cluster.at("/bootstrap/initdb/database").asString()).isEqualTo("case_service");
        assertThat(cluster.at("/bootstrap/initdb/secret/name").asString()).isEqualTo("case-owner-db");
        assertThat(cluster.path("enableSuperuserAccess").asBoolean(true)).isFalse();
        JsonNode role = cluster.at("/managed/roles").valueStream().filter(r -> r.path("name").asString().equals("case_service"))
                .findFirst().orElseThrow();
        for (String privilege : List.of("superuser", "createrole", "createdb", "replication", "bypassrls")) {
            assertThat(role.path(privilege).asBoolean(true)).as(privilege).isFalse();
        }
        assertThat(role.path("inRoles").valueStream().map(JsonNode::asString)).doesNotContain("case_owner");
        assertThat(role.at("/passwordSecret/name").asString()).isEqualTo("case-service-db");
        // the owner's password reaches the migration step only, never the running service
        JsonNode pod = object("Deployment", "case-service").at("/spec/template/spec");
        assertThat(pod.at("/initContainers/0/name").asString()).isEqualTo("migrate");
        assertThat(pod.at("/initContainers/0/args").valueStream().map(JsonNode::asString)).containsExactly("migrate");
        assertThat(secretNames(pod.at("/initContainers/0"))).contains("case-owner-db");
        assertThat(secretNames(pod.at("/containers/0"))).doesNotContain("case-owner-db").contains("case-service-db");
        assertThat(pod.at("/containers/0/env").valueStream().map(env -> env.path("name").asString()))
                .contains("SPRING_DATASOURCE_USERNAME").doesNotContain("SPRING_FLYWAY_USER", "SPRING_FLYWAY_PASSWORD");
    }

    /**
     * As case-db: notification-service's running role owned its schema, so its credentials could add a trigger dropping
     * an administrator's directory edits before the audit log had them, or empty the idempotency ledger.
     * notification_owner owns it and migrates in the init container, with the service's Flyway locations.
     */
    @Test
    void the_notification_database_runtime_role_owns_nothing_and_never_gets_the_owners_password() {
        JsonNode cluster = object("Cluster", "notification-db").path("spec");
        assertThat(cluster.at("/bootstrap/initdb/owner").asString()).isEqualTo("notification_owner");
        assertThat(cluster.at("/bootstrap/initdb/database").asString()).isEqualTo("notification_service");
        assertThat(cluster.at("/bootstrap/initdb/secret/name").asString()).isEqualTo("notification-owner-db");
        assertThat(cluster.path("enableSuperuserAccess").asBoolean(true)).isFalse();
        JsonNode role = cluster.at("/managed/roles").valueStream()
                .filter(r -> r.path("name").asString().equals("notification_service")).findFirst().orElseThrow();
        for (String privilege : List.of("superuser", "createrole", "createdb", "replication", "bypassrls")) {
            assertThat(role.path(privilege).asBoolean(true)).as(privilege).isFalse();
        }
        assertThat(role.path("inRoles").valueStream().map(JsonNode::asString)).doesNotContain("notification_owner");
        assertThat(role.at("/passwordSecret/name").asString()).isEqualTo("notification-service-db");
        // the owner's password reaches the migration step only, never the running service
        JsonNode pod = object("Deployment", "notification-service").at("/spec/template/spec");
        assertThat(pod.at("/initContainers/0/name").asString()).isEqualTo("migrate");
        assertThat(pod.at("/initContainers/0/args").valueStream().map(JsonNode::asString)).containsExactly("migrate");
        assertThat(secretNames(pod.at("/initContainers/0"))).contains("notification-owner-db");
        assertThat(secretNames(pod.at("/containers/0"))).doesNotContain("notification-owner-db").contains("notification-service-db");
        assertThat(pod.at("/containers/0/env").valueStream().map(env -> env.path("name").asString()))
                .contains("SPRING_DATASOURCE_USERNAME").doesNotContain("SPRING_FLYWAY_USER", "SPRING_FLYWAY_PASSWORD");
        // the service validates against the locations the init container migrated: no demo directory in either
        for (String container : List.of("/initContainers/0", "/containers/0")) {
            assertThat(pod.at(container + "/env").valueStream()
                    .filter(env -> env.path("name").asString().equals("SPRING_FLYWAY_LOCATIONS"))
                    .map(env -> env.path("value").asString())).as(container).containsExactly("classpath:db/migration");
        }
    }

    @Test
    void every_database_counts_what_its_statements_cost_but_keeps_no_utility_statement_text() {
        assertThat(kind("Cluster")).isNotEmpty().allSatisfy(cluster -> {
            JsonNode parameters = cluster.at("/spec/postgresql/parameters");
            assertThat(parameters.path("pg_stat_statements.track").asString()).as(describe(cluster)).isEqualTo("top");
            // ALTER ROLE ... PASSWORD is a utility statement: its text must never be kept
            assertThat(parameters.path("pg_stat_statements.track_utility").asString()).as(describe(cluster)).isEqualTo("off");
            // an error's DETAIL quotes the refused row: the server's own log keeps the message only
            assertThat(parameters.path("log_error_verbosity").asString()).as(describe(cluster)).isEqualTo("terse");
        });
    }

    @Test
    void notices_are_mailed_over_tls_or_not_at_all() {
        JsonNode config = kind("ConfigMap").stream().filter(map -> map.at("/data/SPRING_MAIL_HOST").isString()).findFirst().orElseThrow();
        assertThat(config.at("/data/SAMVERKAN_MAIL_STARTTLS").asString()).isEqualTo("true");
    }

    @Test
    void keys_and_passwords_come_only_from_objects_made_at_installation() {
        // no Secret in the repository's manifests, and no placeholder standing in for the event keys
        assertThat(kind("Secret")).isEmpty();
        for (JsonNode config : kind("ConfigMap")) {
            assertThat(config.path("data").toString()).as(describe(config)).doesNotContain("REPLACE", "TRUSTED_KEYS");
        }
        for (JsonNode deployment : kind("Deployment")) {
            JsonNode container = deployment.at("/spec/template/spec/containers/0");
            JsonNode trusted = container.path("env").valueStream()
                    .filter(env -> env.path("name").asString().equals("SAMVERKAN_EVENTS_TRUSTED_KEYS")).findFirst().orElseThrow();
            assertThat(trusted.at("/valueFrom/configMapKeyRef/name").asString()).isEqualTo("samverkan-event-trust");
            assertThat(trusted.at("/valueFrom/configMapKeyRef/optional").asBoolean(false)).isFalse();
        }
        assertThat(kind("ConfigMap")).noneMatch(config -> describe(config).equals("ConfigMap/samverkan-event-trust"));
    }

    @Test
    void audit_service_witnesses_its_partners_with_a_key_of_its_own_and_only_it_may_reach_them() {
        JsonNode container = object("Deployment", "audit-service").at("/spec/template/spec/containers/0");
        JsonNode witnessKey = container.path("env").valueStream()
                .filter(env -> env.path("name").asString().equals("SAMVERKAN_AUDIT_WITNESS_KEY")).findFirst().orElseThrow();
        assertThat(witnessKey.at("/valueFrom/secretKeyRef/name").asString()).isEqualTo("audit-service-witness-key");
        assertThat(witnessKey.at("/valueFrom/secretKeyRef/name").asString())
                .isNotEqualTo(secretOf(container, "SAMVERKAN_AUDIT_SIGNING_KEY"));
        // the peers and witnesses: a ConfigMap made at installation, required, so a log is never silently unwitnessed
        JsonNode witnesses = container.path("envFrom").valueStream()
                .filter(from -> from.at("/configMapRef/name").asString().equals("audit-witnesses")).findFirst().orElseThrow();
        assertThat(witnesses.at("/configMapRef/optional").asBoolean(false)).isFalse();
        assertThat(kind("ConfigMap")).noneMatch(config -> describe(config).equals("ConfigMap/audit-witnesses"));
        assertThat(ipBlocks("audit-service")).containsExactlyInAnyOrder("203.0.113.10/32:443", "203.0.113.30/32:443");
        for (String other : List.of("case-service", "notification-service")) {
            assertThat(ipBlocks(other)).as(other).doesNotContain("203.0.113.30/32:443");
            assertThat(secretNames(object("Deployment", other).at("/spec/template/spec/containers/0")))
                    .doesNotContain("audit-service-witness-key");
        }
    }

    @Test
    void the_witness_example_names_every_setting_the_service_reads_and_no_private_key() throws IOException {
        String example = Files.readString(ROOT.resolve("infra/k8s/audit-witnesses.env.example"));
        assertThat(example).contains("SAMVERKAN_AUDIT_WITNESS_PEERS_0_ORIGIN=", "SAMVERKAN_AUDIT_WITNESS_PEERS_0_KEY=",
                "SAMVERKAN_AUDIT_WITNESS_PEERS_0_URL=", "SAMVERKAN_AUDIT_WITNESS_WITNESSES_0_KEY=",
                "SAMVERKAN_AUDIT_WITNESS_WITNESSES_0_URL=", "SAMVERKAN_AUDIT_WITNESS_REQUIRED=");
        assertThat(example).doesNotContain("PRIVATE+KEY", "SAMVERKAN_AUDIT_WITNESS_KEY=");
    }

    @Test
    void topics_and_partitions_are_those_of_topics_txt() throws IOException {
        Map<String, Integer> expected = new LinkedHashMap<>();
        try (Stream<String> lines = Files.lines(ROOT.resolve("infra/kafka/topics.txt"))) {
            lines.map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.split("\\s+")).forEach(parts -> expected.put(parts[0], Integer.parseInt(parts[1])));
        }
        Map<String, Integer> rendered = new LinkedHashMap<>();
        for (JsonNode topic : kind("KafkaTopic")) {
            rendered.put(topic.at("/metadata/name").asString(), topic.at("/spec/partitions").asInt());
            assertThat(topic.at("/spec/replicas").asInt()).isEqualTo(3);
        }
        assertThat(rendered).isEqualTo(expected);
        assertThat(object("Kafka", "samverkan").at("/spec/kafka/config/auto.create.topics.enable").asBoolean(true)).isFalse();
    }

    // --- the rendered objects

    private static List<JsonNode> kind(String kind) {
        return objects.stream().filter(object -> object.path("kind").asString().equals(kind)).toList();
    }

    private static JsonNode object(String kind, String name) {
        return kind(kind).stream().filter(object -> object.at("/metadata/name").asString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in the rendered manifests"));
    }

    private static String describe(JsonNode object) {
        return object.path("kind").asString() + "/" + object.at("/metadata/name").asString();
    }

    private static List<JsonNode> containers(JsonNode pod) {
        List<JsonNode> containers = new ArrayList<>();
        pod.path("initContainers").forEach(containers::add);
        pod.path("containers").forEach(containers::add);
        return containers;
    }

    private static int containerPort(String deployment, String name) {
        return object("Deployment", deployment).at("/spec/template/spec/containers/0/ports").valueStream()
                .filter(port -> port.path("name").asString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(deployment + " declares no container port " + name))
                .path("containerPort").asInt();
    }

    private static String env(JsonNode container, String variable) {
        return container.path("env").valueStream().filter(env -> env.path("name").asString().equals(variable))
                .findFirst().orElseThrow(() -> new AssertionError("no " + variable)).path("value").asString();
    }

    private static List<String> secretNames(JsonNode container) {
        return container.path("env").valueStream().map(env -> env.at("/valueFrom/secretKeyRef/name").asString(""))
                .filter(name -> !name.isEmpty()).toList();
    }

    private static String secretOf(JsonNode container, String variable) {
        return container.path("env").valueStream().filter(env -> env.path("name").asString().equals(variable))
                .findFirst().orElseThrow().at("/valueFrom/secretKeyRef/name").asString();
    }

    private static long mebibytes(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
        }
        if (quantity.endsWith("Mi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2));
        }
        throw new AssertionError("memory quantities here are in Mi or Gi, not " + quantity);
    }

    private static Map<String, String> podLabels(String deployment) {
        Map<String, String> labels = new LinkedHashMap<>();
        object("Deployment", deployment).at("/spec/template/metadata/labels").properties()
                .forEach(label -> labels.put(label.getKey(), label.getValue().asString()));
        return labels;
    }

    // --- NetworkPolicy semantics for pods of this namespace (peers by pod selector; namespace and ipBlock peers
    // never match a pod of this namespace, which carries none of the namespace labels they name)

    private static List<JsonNode> policies(String type, Map<String, String> pod) {
        return kind("NetworkPolicy").stream()
                .filter(policy -> policy.at("/spec/policyTypes").valueStream().anyMatch(t -> t.asString().equals(type)))
                .filter(policy -> selects(policy.at("/spec/podSelector"), pod)).toList();
    }

    /** Whether traffic from {@code source} to {@code target}'s port passes the policies of the given direction. */
    private static boolean allowed(String type, Map<String, String> source, Map<String, String> target, int port) {
        Map<String, String> selected = type.equals("Egress") ? source : target;
        Map<String, String> peer = type.equals("Egress") ? target : source;
        return passes(type, selected, port, p -> p.has("podSelector") && !p.has("namespaceSelector") && selects(p.path("podSelector"), peer));
    }

    /** As {@link #allowed}, for a peer pod in another namespace (matched by its kubernetes.io/metadata.name). */
    private static boolean allowedAcross(String type, Map<String, String> pod, String namespace, Map<String, String> peer, int port) {
        Map<String, String> namespaceLabels = Map.of("kubernetes.io/metadata.name", namespace);
        return passes(type, pod, port, p -> p.has("namespaceSelector") && selects(p.path("namespaceSelector"), namespaceLabels)
                && (!p.has("podSelector") || selects(p.path("podSelector"), peer)));
    }

    /** {@code pod}'s side of the traffic: not isolated in this direction, or a rule admits the port and the peer. */
    private static boolean passes(String type, Map<String, String> pod, int port, java.util.function.Predicate<JsonNode> peerMatches) {
        List<JsonNode> isolating = policies(type, pod);
        if (isolating.isEmpty()) {
            return true;
        }
        String rules = type.equals("Egress") ? "egress" : "ingress";
        String peers = type.equals("Egress") ? "to" : "from";
        return isolating.stream().flatMap(policy -> policy.path("spec").path(rules).valueStream()).anyMatch(rule ->
                (rule.path("ports").isMissingNode() || rule.path("ports").valueStream().anyMatch(p -> p.path("port").asInt() == port))
                        && (rule.path(peers).isMissingNode() || rule.path(peers).valueStream().anyMatch(peerMatches)));
    }

    private static List<String> ipBlocks(String service) {
        List<String> blocks = new ArrayList<>();
        for (JsonNode policy : policies("Egress", podLabels(service))) {
            for (JsonNode rule : policy.at("/spec/egress")) {
                for (JsonNode to : rule.path("to")) {
                    if (to.has("ipBlock")) {
                        assertThat(to.at("/ipBlock/cidr").asString()).as(describe(policy)).endsWith("/32");
                        rule.path("ports").forEach(p -> blocks.add(to.at("/ipBlock/cidr").asString() + ":" + p.path("port").asInt()));
                    }
                }
            }
        }
        return blocks;
    }

    private static boolean selects(JsonNode selector, Map<String, String> labels) {
        assertThat(selector.has("matchExpressions")).as("this check reads matchLabels only").isFalse();
        return selector.path("matchLabels").properties().stream()
                .allMatch(label -> label.getValue().asString().equals(labels.get(label.getKey())));
    }
}
