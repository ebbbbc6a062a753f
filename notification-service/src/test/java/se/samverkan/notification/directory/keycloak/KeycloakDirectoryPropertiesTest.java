package se.samverkan.notification.directory.keycloak;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeycloakDirectoryPropertiesTest {

    @Test
    void offByDefaultWithLocalStackDefaults() {
        KeycloakDirectoryProperties properties = bind(Map.of());

        assertThat(properties.enabled()).isFalse();
        assertThat(properties.baseUrl()).hasToString("http://127.0.0.1:8180");
        assertThat(properties.realm()).isEqualTo("samverkan");
        assertThat(properties.clientId()).isEqualTo("samverkan-notification");
        assertThat(properties.interval()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void enabledWithoutASecretFailsAtStartUpNamingTheVariableToSet() {
        assertThatThrownBy(() -> bind(Map.of("samverkan.notification.directory.keycloak.enabled", "true")))
                .rootCause().hasMessageContaining("SAMVERKAN_NOTIFICATION_DIRECTORY_KEYCLOAK_CLIENT_SECRET");
    }

    @Test
    void theSecretIsNeverPrinted() {
        KeycloakDirectoryProperties properties = bind(Map.of("samverkan.notification.directory.keycloak.enabled", "true",
                "samverkan.notification.directory.keycloak.client-secret", "very-secret"));

        assertThat(properties.clientSecret()).isEqualTo("very-secret");
        assertThat(properties.toString()).doesNotContain("very-secret");
    }

    private static KeycloakDirectoryProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("samverkan.notification.directory.keycloak", KeycloakDirectoryProperties.class);
    }
}
