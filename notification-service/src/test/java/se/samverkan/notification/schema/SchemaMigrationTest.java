package se.samverkan.notification.schema;

import org.junit.jupiter.api.Test;
import se.samverkan.platform.secrets.RefusedSecretsException;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The migration step refuses before it connects: the service's own role as owner, or a published owner password. */
class SchemaMigrationTest {

    @Test
    void theRuntimeRoleIsNeverTheSchemaOwner() {
        Map<String, String> env = Map.of("SPRING_FLYWAY_USER", "notification_service", "SPRING_DATASOURCE_USERNAME", "notification_service",
                "SPRING_FLYWAY_PASSWORD", "a-real-secret-" + System.nanoTime());
        assertThatThrownBy(() -> SchemaMigration.run(env::get)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must not own its schema");
        assertThatThrownBy(() -> SchemaMigration.migrate("jdbc:postgresql://127.0.0.1:1/none", "x", "x", "x", SchemaMigration.DEFAULT_LOCATIONS))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theOwnersPasswordIsRequiredAndNoPublishedValueOutsideDevelopmentMode() {
        assertThatThrownBy(() -> SchemaMigration.run(Map.<String, String>of()::get)).isInstanceOf(RefusedSecretsException.class)
                .hasMessageContaining("SPRING_FLYWAY_PASSWORD");
        assertThatThrownBy(() -> SchemaMigration.run(Map.of("SPRING_FLYWAY_PASSWORD", "notification_owner")::get))
                .isInstanceOf(RefusedSecretsException.class).hasMessageContaining("SPRING_FLYWAY_PASSWORD");
    }
}
