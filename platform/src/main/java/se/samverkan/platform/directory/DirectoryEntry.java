package se.samverkan.platform.directory;

import se.samverkan.contracts.Agency;
import se.samverkan.platform.identity.Role;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A member of staff as Keycloak states them: where they work, which Samverkan realm roles they hold and whether the
 * account is enabled. Each service keeps only the parts it needs (case-service drops the e-mail address).
 */
public record DirectoryEntry(String userId, String username, String email, Agency agency, String municipality, String unit,
                             Set<Role> roles, boolean enabled) {

    public DirectoryEntry {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(agency, "agency");
        Objects.requireNonNull(municipality, "municipality");
        Objects.requireNonNull(unit, "unit");
        roles = roles == null || roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }
}
