package se.samverkan.notification.directory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The directory is Keycloak's. A local edit may only take away: every field Keycloak states (username, mail address,
 * agency, municipality, unit, roles) must be sent back exactly as stored; only {@code active} may differ, and it
 * suspends (false) or lifts a suspension (true) here, which can never make a user active whom Keycloak has disabled.
 */
public final class DirectoryEditPolicy {

    private DirectoryEditPolicy() {
    }

    /** The names of the fields the request would change that are Keycloak's to state; empty when none. */
    public static List<String> refusedFields(DirectoryUser stored, DirectoryUser requested) {
        List<String> refused = new ArrayList<>();
        if (!Objects.equals(stored.username(), requested.username())) {
            refused.add("username");
        }
        if (!Objects.equals(blankToNull(stored.email()), blankToNull(requested.email()))) {
            refused.add("email");
        }
        if (stored.agency() != requested.agency()) {
            refused.add("agency");
        }
        if (!Objects.equals(stored.municipality(), requested.municipality())) {
            refused.add("municipality");
        }
        if (!Objects.equals(stored.unit(), requested.unit())) {
            refused.add("unit");
        }
        if (!new LinkedHashSet<>(stored.roles()).equals(new LinkedHashSet<>(requested.roles()))) {
            refused.add("roles");
        }
        return List.copyOf(refused);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
