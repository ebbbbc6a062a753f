package se.samverkan.cases.catalogue;

import org.flywaydb.core.api.migration.JavaMigration;

import java.util.List;

/**
 * The Java migrations of this package, for the migration step ({@code java -jar case-service.jar migrate},
 * {@code schema.SchemaMigration}), which runs Flyway as the schema owner without the service's Spring context. The
 * running service has the same migrations as beans ({@link CatalogueBaselineSeals}), so that its Flyway validation
 * knows them.
 */
public final class CatalogueMigrations {

    private CatalogueMigrations() {
    }

    /** @param subjectPseudonymKey the service's key (base64) the seals are derived from, as the service holds it */
    public static List<JavaMigration> all(String subjectPseudonymKey) {
        return List.of(new CatalogueBaselineSeals(new CatalogueSeals(subjectPseudonymKey)));
    }
}
