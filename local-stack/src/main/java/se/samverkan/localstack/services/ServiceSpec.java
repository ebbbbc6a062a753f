package se.samverkan.localstack.services;

import se.samverkan.localstack.StackSettings;
import se.samverkan.localstack.postgres.ServiceDatabase;
import se.samverkan.localstack.secrets.StackSecrets;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the stack runs one Spring Boot service: its jar, its port and the environment that points it at the stack. */
public record ServiceSpec(String name, int port, ServiceDatabase database) {

    /** The realm file's secret for the samverkan-notification client; for the local stack only. */
    public static final String NOTIFICATION_CLIENT_DEV_SECRET = "samverkan-notification-dev-secret";

    public static List<ServiceSpec> all(StackSettings settings) {
        return List.of(
                new ServiceSpec("case-service", settings.caseServicePort(), ServiceDatabase.CASE_SERVICE),
                new ServiceSpec("audit-service", settings.auditServicePort(), ServiceDatabase.AUDIT_SERVICE),
                new ServiceSpec("notification-service", settings.notificationServicePort(), ServiceDatabase.NOTIFICATION_SERVICE));
    }

    public Path jar(StackSettings settings) {
        return settings.projectRoot().resolve(name).resolve("target").resolve(name + "-" + settings.projectVersion() + ".jar");
    }

    public String baseUrl() {
        return "http://" + StackSettings.HOST + ":" + port;
    }

    public String healthUrl() {
        return baseUrl() + "/actuator/health";
    }

    public Map<String, String> environment(StackSettings settings) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("SPRING_DATASOURCE_URL", settings.jdbcUrl(database.databaseName()));
        env.put("SPRING_DATASOURCE_USERNAME", database.applicationRole());
        env.put("SPRING_DATASOURCE_PASSWORD", ServiceDatabase.passwordOf(database.applicationRole()));
        if (!database.owner().equals(database.applicationRole())) {
            // migrations run as the owner; the service itself gets only what its migrations grant
            env.put("SPRING_FLYWAY_USER", database.owner());
            env.put("SPRING_FLYWAY_PASSWORD", ServiceDatabase.passwordOf(database.owner()));
        }
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrapServers());
        env.put("SAMVERKAN_SECURITY_ISSUER", settings.issuer());
        env.put("SAMVERKAN_SECURITY_JWK_SET_URI", settings.jwkSetUri());
        env.put("SPRING_MAIL_HOST", StackSettings.HOST);
        env.put("SPRING_MAIL_PORT", String.valueOf(settings.smtpPort()));
        // the stack's own keys, made at its first start; development mode only lets the services accept the stack's
        // published database passwords and realm client secret, and says so in their log and /actuator/info
        env.putAll(StackSecrets.loadOrCreate(settings).environmentFor(name));
        env.put("SAMVERKAN_DEVELOPMENT_MODE", "true");
        if (name.equals("notification-service")) {
            // Keycloak is the source of truth for who works where; the realm's samverkan-notification client may read users
            env.put("SAMVERKAN_NOTIFICATION_DIRECTORY_KEYCLOAK_ENABLED", "true");
            env.put("SAMVERKAN_NOTIFICATION_DIRECTORY_KEYCLOAK_BASE_URL", settings.keycloakUrl());
            env.put("SAMVERKAN_NOTIFICATION_DIRECTORY_KEYCLOAK_CLIENT_SECRET", NOTIFICATION_CLIENT_DEV_SECRET);
            env.put("SAMVERKAN_NOTIFICATION_DIRECTORY_KEYCLOAK_INTERVAL", "PT30S");
            env.put("SAMVERKAN_NOTIFICATION_DIRECTORY_KEYCLOAK_INITIAL_DELAY", "PT5S");
        }
        return env;
    }
}
