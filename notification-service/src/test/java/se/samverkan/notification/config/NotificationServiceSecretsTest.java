package se.samverkan.notification.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import se.samverkan.notification.NotificationServiceApplication;
import se.samverkan.platform.secrets.RefusedSecretsException;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 10 item 12: outside development mode notification-service refuses to start without a database password, on
 * a published one, or with the directory sync on and the realm file's published client secret.
 */
class NotificationServiceSecretsTest {

    @Test
    void refuses_to_start_without_a_database_password_naming_the_variable() {
        assertThatThrownBy(() -> start("--spring.datasource.password="))
                .isInstanceOf(RefusedSecretsException.class)
                .hasMessageContaining("spring.datasource.password is not set: set the environment variable SPRING_DATASOURCE_PASSWORD");
    }

    @Test
    void refuses_to_start_on_the_development_database_password() {
        assertThatThrownBy(() -> start("--spring.datasource.password=notification_service"))
                .isInstanceOf(RefusedSecretsException.class)
                .hasMessageContaining("spring.datasource.password holds a development value")
                .hasMessageContaining("SPRING_DATASOURCE_PASSWORD");
    }

    @Test
    void refuses_to_sync_the_directory_with_the_realm_files_published_client_secret() {
        assertThatThrownBy(() -> start("--spring.datasource.password=from-the-vault",
                "--samverkan.directory.keycloak.enabled=true",
                "--samverkan.directory.keycloak.client-secret=samverkan-notification-dev-secret"))
                .isInstanceOf(RefusedSecretsException.class)
                .hasMessageContaining("SAMVERKAN_DIRECTORY_KEYCLOAK_CLIENT_SECRET")
                .hasMessageNotContaining("SPRING_DATASOURCE_PASSWORD");
    }

    /** Command-line arguments outrank the test configuration, which turns development mode on. */
    private static void start(String... arguments) {
        List<String> args = new ArrayList<>(List.of(arguments));
        args.add("--samverkan.development-mode=false");
        new SpringApplicationBuilder(NotificationServiceApplication.class).web(WebApplicationType.NONE).run(args.toArray(String[]::new)).close();
    }
}
