package se.samverkan.platform.directory;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;
import se.samverkan.contracts.Agency;
import se.samverkan.platform.identity.Role;

import java.util.List;
import java.util.Set;

/**
 * Directory entries from the deployment's configuration, upserted at start-up: for tests and for a deployment
 * without a Keycloak sync. Set by whoever deploys the service, never through an API.
 */
@ConfigurationProperties("samverkan.directory")
@Validated
public record ConfiguredDirectoryProperties(List<@Valid User> users) {

    public ConfiguredDirectoryProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public record User(@NotBlank String userId, @NotBlank String username, String email, @NotNull Agency agency,
                       @NotBlank String municipality, @NotBlank String unit, Set<Role> roles, Boolean active) {

        public DirectoryEntry toEntry() {
            return new DirectoryEntry(userId, username, email == null || email.isBlank() ? null : email.trim(), agency,
                    municipality, unit, roles, active == null || active);
        }
    }
}
