package se.samverkan.notification.routing;

import se.samverkan.contracts.Agency;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.identity.Role;

import java.util.Objects;
import java.util.Optional;

/**
 * The members of one unit who share its queue. Police unit codes are not scoped by municipality (one police unit
 * serves several), social-services units are; the agency is part of the key so a social-services unit can never read a
 * police unit's queue that happens to share its code, or the other way round.
 */
public record UnitAudience(Agency agency, String municipality, String unit) {

    public UnitAudience {
        Objects.requireNonNull(agency, "agency");
        Objects.requireNonNull(unit, "unit");
        municipality = agency == Agency.POLICE ? null : Objects.requireNonNull(municipality, "municipality");
    }

    public static UnitAudience policeUnit(String unit) {
        return new UnitAudience(Agency.POLICE, null, unit);
    }

    public static UnitAudience socialServicesUnit(String municipality, String unit) {
        return new UnitAudience(Agency.SOCIAL_SERVICES, municipality, unit);
    }

    /**
     * The queue the caller may work on, from the token's agency, municipality and unit claims; empty for roles that work
     * no unit queue (compliance officers, administrators, exit coordinators of a partner municipality).
     */
    public static Optional<UnitAudience> of(Actor actor) {
        return switch (actor.agency()) {
            case POLICE -> actor.has(Role.POLICE_LIAISON) ? Optional.of(policeUnit(actor.unit())) : Optional.empty();
            case SOCIAL_SERVICES -> actor.has(Role.SOCIAL_WORKER) || actor.has(Role.SUPERVISOR)
                    ? Optional.of(socialServicesUnit(actor.municipality(), actor.unit())) : Optional.empty();
            case MUNICIPALITY -> Optional.empty();
        };
    }

    /** Stable text key, stored with each item and used to route stream pushes. */
    public String key() {
        return agency == Agency.POLICE ? "police/" + unit : "social-services/" + municipality + "/" + unit;
    }
}
