package se.samverkan.platform.directory;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeycloakDirectoryPropertiesTest {

    private static final String PREFIX = "samverkan.directory.keycloak.";

    @Test
    void offUnlessAServiceTurnsItOnWithLocalStackDefaults() {
        KeycloakDirectoryProperties properties = bind(Map.of());

        assertThat(properties.enabled()).isFalse();
        assertThat(properties.baseUrl()).hasToString("http://127.0.0.1:8180");
        assertThat(properties.realm()).isEqualTo("samverkan");
        assertThat(properties.interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(properties.developmentSecretAllowed()).isFalse();
    }

    @Test
    void enabledWithoutASecretFailsAtStartUpNamingTheVariableToSet() {
        assertThatThrownBy(() -> bind(Map.of(PREFIX + "enabled", "true", PREFIX + "client-id", "samverkan-case")))
                .rootCause().hasMessageContaining("SAMVERKAN_DIRECTORY_KEYCLOAK_CLIENT_SECRET").hasMessageContaining("samverkan-case");
        assertThatThrownBy(() -> bind(Map.of(PREFIX + "enabled", "true", PREFIX + "client-id", "samverkan-case",
                PREFIX + "client-secret", "  ")))
                .rootCause().hasMessageContaining("SAMVERKAN_DIRECTORY_KEYCLOAK_CLIENT_SECRET");
        assertThatThrownBy(() -> bind(Map.of(PREFIX + "enabled", "true", PREFIX + "client-secret", "s")))
                .rootCause().hasMessageContaining("SAMVERKAN_DIRECTORY_KEYCLOAK_CLIENT_ID");
    }

    @Test
    void theRealmFilesPublishedSecretsAreRefusedOutsideTheLocalStack() {
        // the client secrets of infra/keycloak/samverkan-realm.json
        for (String published : List.of("samverkan-notification-dev-secret", "samverkan-case-dev-secret")) {
            Map<String, String> values = new HashMap<>(Map.of(PREFIX + "enabled", "true", PREFIX + "client-id", "c",
                    PREFIX + "client-secret", published));
            assertThatThrownBy(() -> bind(values)).rootCause()
                    .hasMessageContaining("SAMVERKAN_DIRECTORY_KEYCLOAK_CLIENT_SECRET").hasMessageContaining("development secret")
                    .hasMessageNotContaining(published);

            values.put(PREFIX + "development-secret-allowed", "true");
            assertThat(bind(values).clientSecret()).isEqualTo(published);
        }
    }

    @Test
    void theSecretIsNeverPrinted() {
        KeycloakDirectoryProperties properties = bind(Map.of(PREFIX + "enabled", "true", PREFIX + "client-id", "c",
                PREFIX + "client-secret", "very-secret"));

        assertThat(properties.clientSecret()).isEqualTo("very-secret");
        assertThat(properties.toString()).doesNotContain("very-secret");
    }

    private static KeycloakDirectoryProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("samverkan.directory.keycloak", KeycloakDirectoryProperties.class);
    }
}
