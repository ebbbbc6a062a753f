package se.samverkan.platform.schema;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.AbstractDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidateOnlyFlywayTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidateOnlyFlyway.class));

    @Test
    void aServiceThatCannotValidateItsSchemaRefusesToStartAndNamesTheMigrationStep() {
        context.withPropertyValues("spring.application.name=case-service").run(started -> {
            FlywayMigrationStrategy strategy = started.getBean(FlywayMigrationStrategy.class);
            // no migrate() is ever called: a database that cannot be validated fails the start, nothing is changed
            Flyway flyway = Flyway.configure().dataSource(new Unreachable()).load();
            assertThatThrownBy(() -> strategy.migrate(flyway)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("The case-service database schema is not (fully) migrated")
                    .hasMessageContaining("java -jar case-service.jar migrate");
        });
    }

    @Test
    void aServiceMayStillBringItsOwnStrategy() {
        FlywayMigrationStrategy own = flyway -> { };
        context.withBean(FlywayMigrationStrategy.class, () -> own)
                .run(started -> assertThat(started.getBean(FlywayMigrationStrategy.class)).isSameAs(own));
    }

    @Test
    void theMigrationStepRefusesTheRuntimeRoleAsOwnerBeforeItConnects() {
        assertThatThrownBy(() -> OwnerMigration.migrate("jdbc:postgresql://127.0.0.1:1/none", "svc", "pw", "svc",
                List.of("classpath:db/migration"), List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("must not own its schema");
    }

    private static final class Unreachable extends AbstractDataSource {
        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLException("connection refused", "08001");
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }
    }
}
