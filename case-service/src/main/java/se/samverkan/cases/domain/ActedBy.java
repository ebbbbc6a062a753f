package se.samverkan.cases.domain;

import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.identity.Role;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who caused a case event, as the event store keeps it for ever. The domain's own record rather than the platform's
 * {@link Actor}, so the platform's identity types (and the constants of its {@link Role} enum) can change without
 * breaking a stored case. Roles are the realm's role names ({@code social-worker}), the vocabulary tokens and
 * integration events speak; the agency is the contract's code.
 */
public record ActedBy(String userId, List<String> roles, String agency, String municipality, String unit) {

    private static final Pattern REALM_ROLE = Pattern.compile("[a-z]+(-[a-z]+)*");

    public ActedBy {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(agency, "agency");
        Objects.requireNonNull(municipality, "municipality");
        Objects.requireNonNull(unit, "unit");
        roles = roles == null ? List.of() : roles.stream().sorted().toList();
        for (String role : roles) {
            if (!REALM_ROLE.matcher(role).matches()) {
                // a Java constant name here means a revision-1 event skipped its upcaster
                throw new IllegalArgumentException("Not a realm role name: " + role);
            }
        }
    }

    /** Null for the system, as in the events. */
    public static ActedBy of(Actor actor) {
        return actor == null ? null : new ActedBy(actor.userId(), actor.roles().stream().map(Role::realmRoleName).toList(),
                actor.agency().name(), actor.municipality(), actor.unit());
    }
}
