package se.samverkan.notification.directory.keycloak;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;

/**
 * The scheduled directory sync from Keycloak's Admin REST API (off unless enabled).
 *
 * @param baseUrl      Keycloak's root, e.g. https://login.example.org (no /realms suffix)
 * @param clientId     a confidential client with a service account holding realm-management's view-users role
 * @param interval     pause between the end of one run and the start of the next
 * @param pageSize     users fetched per Admin API request
 * @param requestTimeout per HTTP request, so a hanging Keycloak cannot stall the job for good
 */
@ConfigurationProperties("samverkan.notification.directory.keycloak")
@Validated
public record KeycloakDirectoryProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("http://127.0.0.1:8180") URI baseUrl,
        @DefaultValue("samverkan") String realm,
        @DefaultValue("samverkan-notification") String clientId,
        String clientSecret,
        @DefaultValue("PT15M") Duration interval,
        @DefaultValue("PT10S") Duration initialDelay,
        @DefaultValue("100") @Min(1) @Max(1000) int pageSize,
        @DefaultValue("PT10S") Duration requestTimeout) {

    public KeycloakDirectoryProperties {
        if (enabled && (clientSecret == null || clientSecret.isBlank())) {
            throw new IllegalArgumentException("The Keycloak directory sync is enabled but has no client secret: set "
                    + "SAMVERKAN_NOTIFICATION_DIRECTORY_KEYCLOAK_CLIENT_SECRET to the secret of client '" + clientId + "'");
        }
        if (realm == null || realm.isBlank()) {
            throw new IllegalArgumentException("SAMVERKAN_NOTIFICATION_DIRECTORY_KEYCLOAK_REALM must name the realm to read users from");
        }
    }

    /** Never print the secret, e.g. when the binder reports a failure. */
    @Override
    public String toString() {
        return "KeycloakDirectoryProperties[enabled=" + enabled + ", baseUrl=" + baseUrl + ", realm=" + realm + ", clientId="
                + clientId + ", interval=" + interval + ", pageSize=" + pageSize + "]";
    }
}
