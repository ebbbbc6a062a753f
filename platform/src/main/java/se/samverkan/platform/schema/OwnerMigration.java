package se.samverkan.platform.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;
import se.samverkan.platform.secrets.RefusedSecretsException;
import se.samverkan.platform.secrets.RequiredSecret;
import se.samverkan.platform.secrets.SecretCheck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A service's Flyway migrations run as its schema owner, in a process of its own ({@code java -jar <service>.jar
 * migrate}: a Kubernetes init container, a one-shot compose service, or the local-stack launcher before it starts the
 * service). The owner may create, alter and disable triggers and rewrite any row, so its password goes to this
 * short-lived step only and never to the running service, which connects as a runtime role that owns nothing and only
 * validates the schema ({@link ValidateOnlyFlyway}). No Spring context: starting the service's would open its Kafka
 * clients, schedulers and processors with the owner's credentials.
 * <p>
 * Environment: {@code SPRING_FLYWAY_URL} (or {@code SPRING_DATASOURCE_URL}), {@code SPRING_FLYWAY_USER} and
 * {@code SPRING_FLYWAY_PASSWORD} (the owner), {@code SPRING_DATASOURCE_USERNAME} (the runtime role the migrations grant
 * to, as the placeholder {@code runtime_role}), {@code SPRING_FLYWAY_LOCATIONS} (the value the service gets, since it
 * validates against the same locations). The defaults are the local stack's.
 */
public final class OwnerMigration {

    public static final String COMMAND = "migrate";

    /**
     * What one service's step falls back to, and what else its migrations need: secrets checked like the owner's
     * password (a Java migration's key, say), and the Java migrations, made from the environment.
     */
    public record Step(String service, String url, String owner, String runtimeRole, List<String> locations,
                       List<RequiredSecret> moreSecrets, Function<Function<String, String>, List<JavaMigration>> javaMigrations) {

        public Step(String service, String url, String owner, String runtimeRole, List<String> locations) {
            this(service, url, owner, runtimeRole, locations, List.of(), env -> List.of());
        }
    }

    private OwnerMigration() {
    }

    public static MigrateResult run(Step step, Function<String, String> env) {
        String url = first(env, "SPRING_FLYWAY_URL", "SPRING_DATASOURCE_URL", step.url());
        String owner = first(env, "SPRING_FLYWAY_USER", null, step.owner());
        String runtimeRole = first(env, "SPRING_DATASOURCE_USERNAME", null, step.runtimeRole());
        List<String> locations = Arrays.stream(first(env, "SPRING_FLYWAY_LOCATIONS", null, String.join(",", step.locations()))
                .split(",")).map(String::strip).filter(location -> !location.isEmpty()).toList();
        RequiredSecret ownerPassword = RequiredSecret.of("spring.flyway.password",
                "the password of the " + owner + " role that owns the " + step.service() + " schema");
        List<RequiredSecret> secrets = new ArrayList<>(List.of(ownerPassword));
        secrets.addAll(step.moreSecrets());
        checked(env, secrets);
        MigrateResult result = migrate(url, owner, env.apply(ownerPassword.environmentVariable()), runtimeRole, locations,
                step.javaMigrations().apply(env));
        System.out.println(step.service() + " schema migrated as " + owner + " to version " + result.targetSchemaVersion
                + " (" + result.migrationsExecuted + " migrations run, locations " + locations + "); runtime role " + runtimeRole);
        return result;
    }

    public static MigrateResult migrate(String url, String owner, String password, String runtimeRole, List<String> locations,
                                        List<JavaMigration> javaMigrations) {
        if (owner.equals(runtimeRole)) {
            throw new IllegalStateException("The schema owner (SPRING_FLYWAY_USER) and the runtime role "
                    + "(SPRING_DATASOURCE_USERNAME) are both " + owner + ": the running service must not own its schema");
        }
        return Flyway.configure()
                .dataSource(url, owner, password)
                .locations(locations.toArray(String[]::new))
                .javaMigrations(javaMigrations.toArray(JavaMigration[]::new))
                .placeholders(Map.of("runtime_role", runtimeRole))
                .load()
                .migrate();
    }

    /** The step's secrets pass the same start-up check as every service secret: set, and not a published value. */
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
