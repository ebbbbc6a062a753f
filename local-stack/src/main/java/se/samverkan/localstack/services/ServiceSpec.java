package se.samverkan.localstack.services;

import se.samverkan.localstack.StackSettings;
import se.samverkan.localstack.postgres.ServiceDatabase;
import se.samverkan.localstack.secrets.StackSecrets;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the stack runs one Spring Boot service: its jar (of {@code module}), its API port, the port of its probes and
 * metrics ({@code management.server.port}) and the environment that points it at the stack. The demo partner's audit
 * log ({@link #partnerAudit}) runs audit-service's jar a second time.
 */
public record ServiceSpec(String name, int port, int managementPort, ServiceDatabase database, String module) {

    /** Haninge's audit log's origin (audit-service's default) and the demo partner's (Botkyrka's). */
    public static final String HANINGE_AUDIT_ORIGIN = "samverkan.local/audit";
    public static final String PARTNER_AUDIT_ORIGIN = "samverkan.local/audit-botkyrka";
    public static final String PARTNER_AUDIT = "audit-service-botkyrka";
    /** How often the two logs witness each other in the stack (30 s by default in a deployment). */
    static final String WITNESS_EVERY = "5s";
    /** How long the broker waits for a silent consumer of the stack before its partitions go to another member. */
    static final String SESSION_TIMEOUT_MS = "10000";
    /** How long notification-service's mail dispatcher holds the deliveries it took (3 min by default in a deployment). */
    static final String MAIL_CLAIM_LEASE = "PT30S";

    public ServiceSpec(String name, int port, int managementPort, ServiceDatabase database) {
        this(name, port, managementPort, database, name);
    }

    /**
     * Issue 14: the demo partner's (Botkyrka's) audit log, a second audit-service process with its own database,
     * origin, checkpoint key and witness key, that consumes no topic (Botkyrka has no case-service here) and witnesses
     * Haninge's log, as Haninge's witnesses it. Not in {@link #all}: docker-compose and Kubernetes run one log.
     */
    public static ServiceSpec partnerAudit(StackSettings settings) {
        return new ServiceSpec(PARTNER_AUDIT, settings.partnerAuditServicePort(), settings.partnerAuditServiceManagementPort(),
                ServiceDatabase.PARTNER_AUDIT_SERVICE, "audit-service");
    }

    /**
     * A second instance of a service on another port, sharing its database and broker login: for audit-service the
     * standby of "Single writer across instances", which takes the log over when the leader's session ends.
     */
    public ServiceSpec standby(int standbyPort, int standbyManagementPort) {
        return new ServiceSpec(name + "-standby", standbyPort, standbyManagementPort, database, module);
    }

    /** The realm file's secret for the samverkan-notification client; for the local stack only. */
    public static final String NOTIFICATION_CLIENT_DEV_SECRET = "samverkan-notification-dev-secret";
    /** The realm file's secret for the samverkan-case client; for the local stack only. */
    public static final String CASE_CLIENT_DEV_SECRET = "samverkan-case-dev-secret";

    public static List<ServiceSpec> all(StackSettings settings) {
        return List.of(
                new ServiceSpec("case-service", settings.caseServicePort(), settings.caseServiceManagementPort(), ServiceDatabase.CASE_SERVICE),
                new ServiceSpec("audit-service", settings.auditServicePort(), settings.auditServiceManagementPort(), ServiceDatabase.AUDIT_SERVICE),
                new ServiceSpec("notification-service", settings.notificationServicePort(), settings.notificationServiceManagementPort(),
                        ServiceDatabase.NOTIFICATION_SERVICE));
    }

    public Path jar(StackSettings settings) {
        return settings.projectRoot().resolve(module).resolve("target").resolve(module + "-" + settings.projectVersion() + ".jar");
    }

    public String baseUrl() {
        return "http://" + StackSettings.HOST + ":" + port;
    }

    /** Where the probes and metrics are: {@code /actuator} is not served on the API's port. */
    public String managementUrl() {
        return "http://" + StackSettings.HOST + ":" + managementPort + "/actuator";
    }

    public String healthUrl() {
        return managementUrl() + "/health";
    }

    /** True when the schema owner is not the runtime role: the owner migrates in a step of its own first. */
    public boolean migratesSeparately() {
        return !database.owner().equals(database.applicationRole());
    }

    /**
     * The environment of {@code java -jar <service>.jar migrate}: the owner's credentials, which can switch the
     * append-only triggers off, go to this one-shot step and never to the running service.
     */
    public Map<String, String> migrationEnvironment(StackSettings settings) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPRING_DATASOURCE_URL", settings.jdbcUrl(database.databaseName()));
        env.put("SPRING_DATASOURCE_USERNAME", database.applicationRole());
        env.put("SPRING_FLYWAY_USER", database.owner());
        env.put("SPRING_FLYWAY_PASSWORD", ServiceDatabase.passwordOf(database.owner()));
        if (module.equals("case-service")) {
            // case-service's migration V32 seals catalogue baselines with the service's own key
            env.put(StackSecrets.PSEUDONYM_KEY, StackSecrets.loadOrCreate(settings).environmentFor(module).get(StackSecrets.PSEUDONYM_KEY));
        }
        // the stack's owner password is published like its other database passwords
        env.put("SAMVERKAN_DEVELOPMENT_MODE", "true");
        return env;
    }

    public Map<String, String> environment(StackSettings settings) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort));
        env.put("SPRING_DATASOURCE_URL", settings.jdbcUrl(database.databaseName()));
        env.put("SPRING_DATASOURCE_USERNAME", database.applicationRole());
        env.put("SPRING_DATASOURCE_PASSWORD", ServiceDatabase.passwordOf(database.applicationRole()));
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrapServers());
        // the broker authenticates every client: each service logs in as itself (its password comes with its keys)
        env.put("SAMVERKAN_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        env.put("SAMVERKAN_KAFKA_USERNAME", module);
        env.put("SAMVERKAN_SECURITY_ISSUER", settings.issuer());
        env.put("SAMVERKAN_SECURITY_JWK_SET_URI", settings.jwkSetUri());
        env.put("SPRING_MAIL_HOST", StackSettings.HOST);
        env.put("SPRING_MAIL_PORT", String.valueOf(settings.smtpPort()));
        // the stack's own keys, made at its first start; development mode only lets the services accept the stack's
        // published database passwords and realm client secrets, and says so in their log and /actuator/info
        StackSecrets secrets = StackSecrets.loadOrCreate(settings);
        env.putAll(secrets.environmentFor(module));
        env.put("SAMVERKAN_DEVELOPMENT_MODE", "true");
        // a killed consumer's partitions move to its successor once the broker gives up on it: after 10 s here rather
        // than the client default 45 s, so a restart on this machine (and the fault tests) resumes consuming sooner;
        // heartbeats every 2 s keep a busy member well inside it
        env.put("SPRING_KAFKA_CONSUMER_PROPERTIES_SESSION_TIMEOUT_MS", SESSION_TIMEOUT_MS);
        env.put("SPRING_KAFKA_CONSUMER_PROPERTIES_HEARTBEAT_INTERVAL_MS", "2000");
        if (module.equals("audit-service")) {
            // issue 14: the two audit logs witness each other, each with keys of its own
            boolean partner = name.equals(PARTNER_AUDIT);
            ServiceSpec other = partner ? all(settings).stream().filter(s -> s.name().equals("audit-service")).findFirst().orElseThrow()
                    : partnerAudit(settings);
            if (partner) {
                env.putAll(secrets.partnerAuditKeys());
                env.put("SAMVERKAN_AUDIT_ORIGIN", PARTNER_AUDIT_ORIGIN);
                env.put("SAMVERKAN_AUDIT_INGEST_ENABLED", "false");
            }
            env.put("SAMVERKAN_AUDIT_WITNESS_PEERS_0_ORIGIN", partner ? HANINGE_AUDIT_ORIGIN : PARTNER_AUDIT_ORIGIN);
            env.put("SAMVERKAN_AUDIT_WITNESS_PEERS_0_KEY", secrets.auditVerifierKey(!partner));
            env.put("SAMVERKAN_AUDIT_WITNESS_PEERS_0_URL", other.baseUrl());
            env.put("SAMVERKAN_AUDIT_WITNESS_WITNESSES_0_KEY", secrets.witnessPublicKey(!partner));
            env.put("SAMVERKAN_AUDIT_WITNESS_WITNESSES_0_URL", other.baseUrl());
            env.put("SAMVERKAN_AUDIT_WITNESS_EVERY", WITNESS_EVERY);
        }
        if (module.equals("notification-service")) {
            // the stack's SMTP server is the mail catcher beside it, whose conversations take milliseconds: mails a killed
            // dispatcher had claimed are sent by its successor after 30 s here instead of a deployment's 3 minutes
            env.put("SAMVERKAN_NOTIFICATION_MAIL_CLAIM_LEASE", MAIL_CLAIM_LEASE);
        }
        if (name.equals("notification-service") || name.equals("case-service")) {
            // Keycloak is the source of truth for who works where; each service's own read-only client may read users
            env.put("SAMVERKAN_DIRECTORY_KEYCLOAK_ENABLED", "true");
            env.put("SAMVERKAN_DIRECTORY_KEYCLOAK_BASE_URL", settings.keycloakUrl());
            env.put("SAMVERKAN_DIRECTORY_KEYCLOAK_CLIENT_SECRET",
                    name.equals("case-service") ? CASE_CLIENT_DEV_SECRET : NOTIFICATION_CLIENT_DEV_SECRET);
            // the realm file's secrets are published; only here are they accepted
            env.put("SAMVERKAN_DIRECTORY_KEYCLOAK_DEVELOPMENT_SECRET_ALLOWED", "true");
            env.put("SAMVERKAN_DIRECTORY_KEYCLOAK_INTERVAL", "PT30S");
            env.put("SAMVERKAN_DIRECTORY_KEYCLOAK_INITIAL_DELAY", "PT2S");
        }
        if (name.equals("case-service")) {
            // issue 15: the walk-through's few cases are in the running quarter, which a deployment never shows
            // (case-service refuses this outside development mode); every cell of it reads SUPPRESSED
            env.put("SAMVERKAN_CASES_EFFECTS_SHOW_INCOMPLETE_PERIODS", "true");
        }
        return env;
    }
}
