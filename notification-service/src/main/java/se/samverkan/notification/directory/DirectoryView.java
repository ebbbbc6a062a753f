package se.samverkan.notification.directory;

import se.samverkan.contracts.Agency;

import java.time.Instant;
import java.util.List;

/** A directory entry as administrators see it: {@code active} is what routing uses (Keycloak's and not suspended here). */
public record DirectoryView(String userId, String username, String email, Agency agency, String municipality, String unit,
                            List<String> roles, boolean active, boolean activeInKeycloak, boolean suspended,
                            Instant suspendedAt, String suspendedBy, String source) {

    static DirectoryView of(UnitDirectory.Entry entry) {
        DirectoryUser user = entry.user();
        return new DirectoryView(user.userId(), user.username(), user.email(), user.agency(), user.municipality(), user.unit(),
                user.roles(), user.active() && !entry.suspended(), user.active(), entry.suspended(), entry.suspendedAt(),
                entry.suspendedBy(), entry.source());
    }
}
