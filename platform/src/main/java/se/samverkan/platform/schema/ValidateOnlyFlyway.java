package se.samverkan.platform.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * A running service never migrates: it connects as its runtime role, which owns nothing and has only the privileges
 * the migrations grant it, and checks that the schema is the one its migrations describe. Migrating needs the
 * owner's credentials, which could create or disable triggers and rewrite any row, so that is a step of its own
 * ({@link OwnerMigration}).
 */
@AutoConfiguration
@ConditionalOnClass({Flyway.class, FlywayMigrationStrategy.class})
public class ValidateOnlyFlyway {

    @Bean
    @ConditionalOnMissingBean
    FlywayMigrationStrategy validateOnly(Environment environment) {
        String service = environment.getProperty("spring.application.name", "the service");
        return flyway -> {
            try {
                flyway.validate();
            } catch (FlywayException e) {
                throw new IllegalStateException("The " + service + " database schema is not (fully) migrated or differs from "
                        + "this version's migrations. Run `java -jar " + service + ".jar " + OwnerMigration.COMMAND
                        + "` with the schema owner's credentials (SPRING_FLYWAY_USER / SPRING_FLYWAY_PASSWORD) first; the "
                        + "service itself never holds them. Flyway said: " + e.getMessage(), e);
            }
        };
    }
}
