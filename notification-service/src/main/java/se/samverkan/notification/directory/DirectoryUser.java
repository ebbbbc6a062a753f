package se.samverkan.notification.directory;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import se.samverkan.contracts.Agency;
import se.samverkan.platform.directory.DirectoryEntry;
import se.samverkan.platform.identity.Role;

import java.util.List;

/** A member of staff as notification routing needs to know them: unit, municipality, roles and where mail goes. */
public record DirectoryUser(
        @NotBlank String userId,
        @NotBlank String username,
        @Email String email,
        @NotNull Agency agency,
        @NotBlank String municipality,
        @NotBlank String unit,
        @NotNull List<@NotBlank String> roles,
        boolean active) {

    public DirectoryUser {
        roles = roles == null ? null : List.copyOf(roles);
    }

    public static DirectoryUser of(DirectoryEntry entry) {
        return new DirectoryUser(entry.userId(), entry.username(), entry.email(), entry.agency(), entry.municipality(),
                entry.unit(), entry.roles().stream().sorted().map(Role::realmRoleName).toList(), entry.enabled());
    }
}
