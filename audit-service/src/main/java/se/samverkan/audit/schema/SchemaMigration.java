package se.samverkan.audit.schema;

import se.samverkan.platform.secrets.RefusedSecretsException;
import se.samverkan.platform.secrets.RequiredSecret;
import se.samverkan.platform.secrets.SecretCheck;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the Flyway migrations as the schema owner, in a process of its own: {@code java -jar audit-service.jar migrate}
 * (a Kubernetes init container, a one-shot compose service, or the local-stack launcher before it starts the
 * service). The owner may switch the append-only triggers off, so its password is given to this short-lived step
 * only and never to the running service, which connects as the runtime role and merely validates the schema
 * ({@link SchemaValidation}).
 * <p>
 * Environment: {@code SPRING_FLYWAY_URL} (or {@code SPRING_DATASOURCE_URL}), {@code SPRING_FLYWAY_USER} and
 * {@code SPRING_FLYWAY_PASSWORD} (the owner), {@code SPRING_DATASOURCE_USERNAME} (the runtime role the migrations
 * grant SELECT and INSERT to, and UPDATE on the seal cache). The defaults are the local stack's.
 */
public final class SchemaMigration {

    public static final String COMMAND = "migrate";
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:55432/audit_service";

    private SchemaMigration() {
    }

    public static void main(String[] args) {
        run(System::getenv);
    }

    public static MigrateResult run(Function<String, String> env) {
        String url = first(env, "SPRING_FLYWAY_URL", "SPRING_DATASOURCE_URL", DEFAULT_URL);
        String owner = first(env, "SPRING_FLYWAY_USER", null, "audit_owner");
        String password = ownerPassword(env);
        String runtimeRole = first(env, "SPRING_DATASOURCE_USERNAME", null, "audit_service");
        MigrateResult result = migrate(url, owner, password, runtimeRole);
        System.out.println("audit-service schema migrated as " + owner + " to version " + result.targetSchemaVersion
                + " (" + result.migrationsExecuted + " migrations run); runtime role " + runtimeRole);
        return result;
    }

    public static MigrateResult migrate(String url, String owner, String password, String runtimeRole) {
        return Flyway.configure()
                .dataSource(url, owner, password)
                .locations("classpath:db/migration")
                .placeholders(Map.of("runtime_role", runtimeRole))
                .load()
                .migrate();
    }

    /** The owner's password passes the same start-up check as every service secret: set, and not a published value. */
    private static String ownerPassword(Function<String, String> env) {
        boolean developmentMode = "true".equalsIgnoreCase(env.apply(SecretCheck.DEVELOPMENT_MODE_VARIABLE));
        RequiredSecret secret = RequiredSecret.of("spring.flyway.password",
                "the password of the audit_owner role that owns the audit schema");
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
