package se.samverkan.cases.schema;

import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;
import se.samverkan.cases.catalogue.CatalogueMigrations;
import se.samverkan.platform.schema.OwnerMigration;
import se.samverkan.platform.secrets.RequiredSecret;

import java.util.List;
import java.util.function.Function;

/**
 * case-service's migration step ({@code java -jar case-service.jar migrate}, {@link OwnerMigration}): as
 * {@code case_owner}, which may rewrite the event store, granting {@code case_service} exactly what the service does
 * (V33 onwards). The one Java migration (V32, {@code catalogue.CatalogueBaselineSeals}) needs the subject-pseudonym key
 * its seals are derived from, read as the service reads it ({@code SAMVERKAN_CASES_SUBJECT_PSEUDONYM_KEY}).
 */
public final class SchemaMigration {

    public static final String COMMAND = OwnerMigration.COMMAND;
    public static final String DEFAULT_OWNER = "case_owner";
    public static final String DEFAULT_RUNTIME_ROLE = "case_service";
    private static final List<String> LOCATIONS = List.of("classpath:db/migration");
    private static final RequiredSecret PSEUDONYM_KEY = RequiredSecret.of("samverkan.cases.subject-pseudonym-key",
            "the service's own key (the same value the service gets): migration V32 seals catalogue baselines with it");
    static final OwnerMigration.Step STEP = new OwnerMigration.Step("case-service",
            "jdbc:postgresql://127.0.0.1:55432/case_service", DEFAULT_OWNER, DEFAULT_RUNTIME_ROLE, LOCATIONS,
            List.of(PSEUDONYM_KEY), env -> javaMigrations(env.apply(PSEUDONYM_KEY.environmentVariable())));

    private SchemaMigration() {
    }

    public static void main(String[] args) {
        run(System::getenv);
    }

    public static MigrateResult run(Function<String, String> env) {
        return OwnerMigration.run(STEP, env);
    }

    public static MigrateResult migrate(String url, String owner, String password, String runtimeRole, String subjectPseudonymKey) {
        return OwnerMigration.migrate(url, owner, password, runtimeRole, LOCATIONS, javaMigrations(subjectPseudonymKey));
    }

    private static List<JavaMigration> javaMigrations(String subjectPseudonymKey) {
        return List.copyOf(CatalogueMigrations.all(subjectPseudonymKey));
    }
}
