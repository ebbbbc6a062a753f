package se.samverkan.notification.schema;

import org.flywaydb.core.api.output.MigrateResult;
import se.samverkan.platform.schema.OwnerMigration;

import java.util.List;
import java.util.function.Function;

/**
 * notification-service's migration step ({@code java -jar notification-service.jar migrate}, {@link OwnerMigration}):
 * as {@code notification_owner}, which may rewrite the directory events waiting for the audit log, granting
 * {@code notification_service} exactly what the service does (V8 onwards). Its locations default to the service's
 * own (the demo directory with the migrations); a deployment gives both the same {@code SPRING_FLYWAY_LOCATIONS}.
 */
public final class SchemaMigration {

    public static final String COMMAND = OwnerMigration.COMMAND;
    public static final String DEFAULT_OWNER = "notification_owner";
    public static final String DEFAULT_RUNTIME_ROLE = "notification_service";
    /** application.yml's spring.flyway.locations: the local default seeds the demo realm's directory (db/demo). */
    public static final List<String> DEFAULT_LOCATIONS = List.of("classpath:db/migration", "classpath:db/demo");
    static final OwnerMigration.Step STEP = new OwnerMigration.Step("notification-service",
            "jdbc:postgresql://127.0.0.1:55432/notification_service", DEFAULT_OWNER, DEFAULT_RUNTIME_ROLE, DEFAULT_LOCATIONS);

    private SchemaMigration() {
    }

    public static void main(String[] args) {
        run(System::getenv);
    }

    public static MigrateResult run(Function<String, String> env) {
        return OwnerMigration.run(STEP, env);
    }

    public static MigrateResult migrate(String url, String owner, String password, String runtimeRole, List<String> locations) {
        return OwnerMigration.migrate(url, owner, password, runtimeRole, locations, List.of());
    }
}
