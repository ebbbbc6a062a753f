package se.samverkan.audit.schema;

import org.flywaydb.core.api.output.MigrateResult;
import se.samverkan.platform.schema.OwnerMigration;

import java.util.List;
import java.util.function.Function;

/**
 * audit-service's migration step ({@code java -jar audit-service.jar migrate}, {@link OwnerMigration}): as
 * {@code audit_owner}, granting {@code audit_service} SELECT and INSERT, and UPDATE on the seal cache. The owner may
 * switch the append-only triggers off, so the running service never holds its password.
 */
public final class SchemaMigration {

    public static final String COMMAND = OwnerMigration.COMMAND;
    static final OwnerMigration.Step STEP = new OwnerMigration.Step("audit-service",
            "jdbc:postgresql://127.0.0.1:55432/audit_service", "audit_owner", "audit_service", List.of("classpath:db/migration"));

    private SchemaMigration() {
    }

    public static void main(String[] args) {
        run(System::getenv);
    }

    public static MigrateResult run(Function<String, String> env) {
        return OwnerMigration.run(STEP, env);
    }

    public static MigrateResult migrate(String url, String owner, String password, String runtimeRole) {
        return OwnerMigration.migrate(url, owner, password, runtimeRole, STEP.locations(), List.of());
    }
}
