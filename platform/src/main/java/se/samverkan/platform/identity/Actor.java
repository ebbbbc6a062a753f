package se.samverkan.platform.identity;

import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.Agency;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** The authenticated person as the domain sees them: no Spring, no token, only what decisions need. */
public record Actor(String userId, Set<Role> roles, Agency agency, String municipality, String unit) {

    public Actor {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(agency, "agency");
        Objects.requireNonNull(municipality, "municipality");
        Objects.requireNonNull(unit, "unit");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean worksIn(String municipality, String unit) {
        return this.municipality.equals(municipality) && this.unit.equals(unit);
    }

    public ActorRef toRef() {
        return new ActorRef(userId, roles.stream().sorted(Comparator.naturalOrder()).map(Role::realmRoleName).toList(),
                agency, municipality, unit);
    }
}
