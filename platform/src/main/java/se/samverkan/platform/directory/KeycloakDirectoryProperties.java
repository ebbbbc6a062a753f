package se.samverkan.platform.directory;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import se.samverkan.platform.secrets.DevelopmentSecrets;

import java.net.URI;
import java.time.Duration;

/**
 * The scheduled staff directory sync from Keycloak's Admin REST API, shared by every service that needs to know who
 * works where. Each service uses its own confidential client (least privilege: realm-management's view-users only).
 *
 * @param enabled        on in every service's application.yml; only tests and configured-only deployments turn it off
 * @param baseUrl        Keycloak's root, e.g. https://login.example.org (no /realms suffix)
 * @param clientId       a confidential client with a service account holding realm-management's view-users role
 * @param developmentSecretAllowed the local stack and docker-compose set this to accept the realm file's published
 *                       development secrets; anywhere else such a secret is refused at start-up
 * @param interval       pause between the end of one run and the start of the next
 * @param pageSize       users fetched per Admin API request
 * @param requestTimeout per HTTP request, so a hanging Keycloak cannot stall the job for good
 */
@ConfigurationProperties("samverkan.directory.keycloak")
@Validated
public record KeycloakDirectoryProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("http://127.0.0.1:8180") URI baseUrl,
        @DefaultValue("samverkan") String realm,
        String clientId,
        String clientSecret,
        @DefaultValue("false") boolean developmentSecretAllowed,
        @DefaultValue("PT15M") Duration interval,
        @DefaultValue("PT10S") Duration initialDelay,
        @DefaultValue("100") @Min(1) @Max(1000) int pageSize,
        @DefaultValue("PT10S") Duration requestTimeout) {

    public KeycloakDirectoryProperties {
        if (enabled && (clientId == null || clientId.isBlank())) {
            throw new IllegalArgumentException("The Keycloak directory sync is enabled but names no client: set "
                    + "SAMVERKAN_DIRECTORY_KEYCLOAK_CLIENT_ID to this service's confidential client");
        }
        if (enabled && (clientSecret == null || clientSecret.isBlank())) {
            throw new IllegalArgumentException("The Keycloak directory sync is enabled but has no client secret: set "
                    + "SAMVERKAN_DIRECTORY_KEYCLOAK_CLIENT_SECRET to the secret of client '" + clientId + "'");
        }
        if (enabled && !developmentSecretAllowed && DevelopmentSecrets.isKnown(clientSecret)) {
            throw new IllegalArgumentException("SAMVERKAN_DIRECTORY_KEYCLOAK_CLIENT_SECRET is the published development secret "
                    + "of client '" + clientId + "' from the repository's realm file; set the secret of your realm's client "
                    + "(only the local stack sets SAMVERKAN_DIRECTORY_KEYCLOAK_DEVELOPMENT_SECRET_ALLOWED=true)");
        }
        if (realm == null || realm.isBlank()) {
            throw new IllegalArgumentException("SAMVERKAN_DIRECTORY_KEYCLOAK_REALM must name the realm to read users from");
        }
    }

    /** Never print the secret, e.g. when the binder reports a failure. */
    @Override
    public String toString() {
        return "KeycloakDirectoryProperties[enabled=" + enabled + ", baseUrl=" + baseUrl + ", realm=" + realm + ", clientId="
                + clientId + ", interval=" + interval + ", pageSize=" + pageSize + "]";
    }
}
