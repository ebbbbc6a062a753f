package se.samverkan.notification.schema;

import org.flywaydb.core.api.FlywayException;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The running service never migrates: it connects as the runtime role {@code notification_service}, which owns
 * nothing and has only the privileges the migrations grant it, and checks that the schema is the one its migrations
 * describe. Migrating needs the owner's credentials, which could create or disable triggers and rewrite the directory
 * events before they reach the audit log, so that is a separate step ({@link SchemaMigration}).
 */
@Configuration(proxyBeanMethods = false)
class SchemaValidation {

    @Bean
    FlywayMigrationStrategy validateOnly() {
        return flyway -> {
            try {
                flyway.validate();
            } catch (FlywayException e) {
                throw new IllegalStateException("The notification-service database schema is not (fully) migrated or differs "
                        + "from this version's migrations. Run `java -jar notification-service.jar migrate` with the schema "
                        + "owner's credentials (SPRING_FLYWAY_USER / SPRING_FLYWAY_PASSWORD) and the service's "
                        + "SPRING_FLYWAY_LOCATIONS first; the service itself never holds them. Flyway said: " + e.getMessage(), e);
            }
        };
    }
}
