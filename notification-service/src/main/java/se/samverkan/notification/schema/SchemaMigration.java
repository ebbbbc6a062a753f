package se.samverkan.notification.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import se.samverkan.platform.secrets.RefusedSecretsException;
import se.samverkan.platform.secrets.RequiredSecret;
import se.samverkan.platform.secrets.SecretCheck;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the Flyway migrations as the schema owner {@code notification_owner}, in a process of its own:
 * {@code java -jar notification-service.jar migrate} (a Kubernetes init container, the compose service
 * {@code notification-migrate}, or the local-stack launcher before it starts the service). The owner may create, alter
 * and disable triggers and rewrite any row, the directory events waiting for the audit log included, so its password
 * goes to this short-lived step only and never to the running service, which connects as the runtime role
 * {@code notification_service} and merely validates the schema ({@link SchemaValidation}). The migrations grant that
 * role exactly what the service does (V8 onwards, db/migration).
 * <p>
 * No Spring context: starting the service's context here would open Kafka clients, the mail dispatcher and the
 * directory sync with the owner's credentials. The migrations need nothing but the database.
 * <p>
 * Environment: {@code SPRING_FLYWAY_URL} (or {@code SPRING_DATASOURCE_URL}), {@code SPRING_FLYWAY_USER} and
 * {@code SPRING_FLYWAY_PASSWORD} (the owner), {@code SPRING_DATASOURCE_USERNAME} (the runtime role the migrations
 * grant to), {@code SPRING_FLYWAY_LOCATIONS} (the same value the service gets: it validates against those locations;
 * a deployment leaves the demo directory out). The defaults are the local stack's.
 */
public final class SchemaMigration {

    public static final String COMMAND = "migrate";
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:55432/notification_service";
    public static final String DEFAULT_OWNER = "notification_owner";
    public static final String DEFAULT_RUNTIME_ROLE = "notification_service";
    /** application.yml's spring.flyway.locations: the local default seeds the demo realm's directory (db/demo). */
    public static final List<String> DEFAULT_LOCATIONS = List.of("classpath:db/migration", "classpath:db/demo");

    private SchemaMigration() {
    }

    public static void main(String[] args) {
        run(System::getenv);
    }

    public static MigrateResult run(Function<String, String> env) {
        String url = first(env, "SPRING_FLYWAY_URL", "SPRING_DATASOURCE_URL", DEFAULT_URL);
        String owner = first(env, "SPRING_FLYWAY_USER", null, DEFAULT_OWNER);
        String runtimeRole = first(env, "SPRING_DATASOURCE_USERNAME", null, DEFAULT_RUNTIME_ROLE);
        List<String> locations = Arrays.stream(first(env, "SPRING_FLYWAY_LOCATIONS", null, String.join(",", DEFAULT_LOCATIONS))
                .split(",")).map(String::strip).filter(location -> !location.isEmpty()).toList();
        String password = ownerPassword(env);
        if (owner.equals(runtimeRole)) {
            throw new IllegalStateException("The schema owner (SPRING_FLYWAY_USER) and the runtime role "
                    + "(SPRING_DATASOURCE_USERNAME) are both " + owner + ": the running service must not own its schema");
        }
        MigrateResult result = migrate(url, owner, password, runtimeRole, locations);
        System.out.println("notification-service schema migrated as " + owner + " to version " + result.targetSchemaVersion
                + " (" + result.migrationsExecuted + " migrations run, locations " + locations + "); runtime role " + runtimeRole);
        return result;
    }

    public static MigrateResult migrate(String url, String owner, String password, String runtimeRole, List<String> locations) {
        if (owner.equals(runtimeRole)) {
            throw new IllegalStateException("the schema owner and the runtime role are both " + owner);
        }
        return Flyway.configure()
                .dataSource(url, owner, password)
                .locations(locations.toArray(String[]::new))
                .placeholders(Map.of("runtime_role", runtimeRole))
                .load()
                .migrate();
    }

    /** The owner's password passes the same start-up check as every service secret: set, and not a published value. */
    private static String ownerPassword(Function<String, String> env) {
        boolean developmentMode = "true".equalsIgnoreCase(env.apply(SecretCheck.DEVELOPMENT_MODE_VARIABLE));
        RequiredSecret secret = RequiredSecret.of("spring.flyway.password",
                "the password of the notification_owner role that owns the notification-service schema");
        SecretCheck.Outcome outcome = SecretCheck.check(List.of(secret),
                property -> env.apply(secret.environmentVariable()), developmentMode);
        if (!outcome.refusals().isEmpty()) {
            throw new RefusedSecretsException(outcome.refusals());
        }
        return env.apply(secret.environmentVariable());
    }

    private static String first(Function<String, String> env, String name, String fallbackName, String defaultValue) {
        String value = env.apply(name);
        if ((value == null || value.isBlank()) && fallbackName != null) {
            value = env.apply(fallbackName);
        }
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
