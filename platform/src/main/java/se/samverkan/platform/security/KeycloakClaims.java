package se.samverkan.platform.security;

import org.springframework.security.oauth2.jwt.Jwt;
import se.samverkan.contracts.Agency;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.identity.Role;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the claims the Samverkan realm puts in every access token: realm roles, agency, municipality, unit. */
public final class KeycloakClaims {

    public static final String AGENCY = "agency";
    public static final String MUNICIPALITY = "municipality";
    public static final String UNIT = "unit";

    private KeycloakClaims() {
    }

    /** The actor, or empty when a claim the system relies on is missing or malformed. */
    public static Optional<Actor> actor(Jwt jwt) {
        String agency = jwt.getClaimAsString(AGENCY);
        String municipality = jwt.getClaimAsString(MUNICIPALITY);
        String unit = jwt.getClaimAsString(UNIT);
        if (jwt.getSubject() == null || agency == null || municipality == null || unit == null
                || municipality.isBlank() || unit.isBlank()) {
            return Optional.empty();
        }
        Agency parsedAgency;
        try {
            parsedAgency = Agency.valueOf(agency);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(new Actor(jwt.getSubject(), roles(jwt), parsedAgency, municipality, unit));
    }

    static Set<Role> roles(Jwt jwt) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Map<String, Object> realmAccess = jwt.getClaimAsMap("realm_access");
        if (realmAccess != null && realmAccess.get("roles") instanceof Collection<?> names) {
            names.forEach(name -> Role.fromRealmRole(String.valueOf(name)).ifPresent(roles::add));
        }
        return roles;
    }
}
