package se.samverkan.cases.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;
import se.samverkan.cases.catalogue.CatalogueMigrations;
import se.samverkan.platform.secrets.RefusedSecretsException;
import se.samverkan.platform.secrets.RequiredSecret;
import se.samverkan.platform.secrets.SecretCheck;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the Flyway migrations as the schema owner {@code case_owner}, in a process of its own:
 * {@code java -jar case-service.jar migrate} (a Kubernetes init container, the compose service
 * {@code case-migrate}, or the local-stack launcher before it starts the service). The owner may create, alter and
 * disable triggers and rewrite any row, the event store included, so its password goes to this short-lived step
 * only and never to the running service, which connects as the runtime role {@code case_service} and merely
 * validates the schema ({@link SchemaValidation}). The migrations grant that role exactly what the service does
 * (V33 onwards, db/migration).
 * <p>
 * No Spring context: the one Java migration (V32, {@code catalogue.CatalogueBaselineSeals}) needs only the
 * subject-pseudonym key its seals are derived from, which this step reads as the service does
 * ({@code SAMVERKAN_CASES_SUBJECT_PSEUDONYM_KEY}); starting the service's context here would open Kafka clients,
 * schedulers and event processors with the owner's credentials.
 * <p>
 * Environment: {@code SPRING_FLYWAY_URL} (or {@code SPRING_DATASOURCE_URL}), {@code SPRING_FLYWAY_USER} and
 * {@code SPRING_FLYWAY_PASSWORD} (the owner), {@code SPRING_DATASOURCE_USERNAME} (the runtime role the migrations
 * grant to), {@code SAMVERKAN_CASES_SUBJECT_PSEUDONYM_KEY}. The defaults are the local stack's.
 */
public final class SchemaMigration {

    public static final String COMMAND = "migrate";
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:55432/case_service";
    public static final String DEFAULT_OWNER = "case_owner";
    public static final String DEFAULT_RUNTIME_ROLE = "case_service";

    private SchemaMigration() {
    }

    public static void main(String[] args) {
        run(System::getenv);
    }

    public static MigrateResult run(Function<String, String> env) {
        String url = first(env, "SPRING_FLYWAY_URL", "SPRING_DATASOURCE_URL", DEFAULT_URL);
        String owner = first(env, "SPRING_FLYWAY_USER", null, DEFAULT_OWNER);
        String runtimeRole = first(env, "SPRING_DATASOURCE_USERNAME", null, DEFAULT_RUNTIME_ROLE);
        RequiredSecret ownerPassword = RequiredSecret.of("spring.flyway.password",
                "the password of the case_owner role that owns the case-service schema");
        RequiredSecret pseudonymKey = RequiredSecret.of("samverkan.cases.subject-pseudonym-key",
                "the service's own key (the same value the service gets): migration V32 seals catalogue baselines with it");
        checked(env, List.of(ownerPassword, pseudonymKey));
        if (owner.equals(runtimeRole)) {
            throw new IllegalStateException("The schema owner (SPRING_FLYWAY_USER) and the runtime role "
                    + "(SPRING_DATASOURCE_USERNAME) are both " + owner + ": the running service must not own its schema");
        }
        MigrateResult result = migrate(url, owner, env.apply(ownerPassword.environmentVariable()), runtimeRole,
                env.apply(pseudonymKey.environmentVariable()));
        System.out.println("case-service schema migrated as " + owner + " to version " + result.targetSchemaVersion
                + " (" + result.migrationsExecuted + " migrations run); runtime role " + runtimeRole);
        return result;
    }

    public static MigrateResult migrate(String url, String owner, String password, String runtimeRole, String subjectPseudonymKey) {
        return Flyway.configure()
                .dataSource(url, owner, password)
                .locations("classpath:db/migration")
                .javaMigrations(CatalogueMigrations.all(subjectPseudonymKey).toArray(JavaMigration[]::new))
                .placeholders(Map.of("runtime_role", runtimeRole))
                .load()
                .migrate();
    }

    /** The owner's password and the key pass the same start-up check as every service secret: set, and not published. */
    private static void checked(Function<String, String> env, List<RequiredSecret> secrets) {
        boolean developmentMode = "true".equalsIgnoreCase(env.apply(SecretCheck.DEVELOPMENT_MODE_VARIABLE));
        SecretCheck.Outcome outcome = SecretCheck.check(secrets, property -> secrets.stream()
                .filter(s -> s.property().equals(property)).findFirst()
                .map(s -> env.apply(s.environmentVariable())).orElse(null), developmentMode);
        if (!outcome.refusals().isEmpty()) {
            throw new RefusedSecretsException(outcome.refusals());
        }
    }

    private static String first(Function<String, String> env, String name, String fallbackName, String defaultValue) {
        String value = env.apply(name);
        if ((value == null || value.isBlank()) && fallbackName != null) {
            value = env.apply(fallbackName);
        }
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
