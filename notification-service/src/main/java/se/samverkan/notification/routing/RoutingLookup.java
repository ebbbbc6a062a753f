package se.samverkan.notification.routing;

import se.samverkan.platform.identity.Role;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The state routing reads: the case projection, referral routes and the unit directory (active users only). */
public interface RoutingLookup {

    Optional<CaseRoute> caseRoute(UUID caseId);

    /**
     * Whether the case's data was cleared (CaseDataCleared): nothing more is said about it. A case with no route that
     * was not cleared is one whose route was not published yet.
     */
    boolean caseCleared(UUID caseId);

    Optional<String> policeUnitOf(UUID referralId);

    /** Users of a unit who hold the role. */
    List<String> usersInUnit(String municipality, String unit, Role role);

    /** Users anywhere in a municipality who hold the role, e.g. its compliance officers. */
    List<String> usersInMunicipality(String municipality, Role role);

    /** Users of every municipality who hold the role: whom a matter of no one municipality concerns. */
    List<String> usersEverywhere(Role role);

    /** Police liaisons of a police unit; police unit ids are not scoped by municipality. */
    List<String> policeLiaisons(String policeUnit);

    /**
     * Of these users, in their order, those who are active (and not suspended) staff of the social-services unit: who of
     * a case's team, as case-service last published it, may still hear of the case. A member who left, was suspended
     * here or moved to another unit keeps her old items and gets nothing new.
     */
    List<String> activeStaffOf(String municipality, String unit, Collection<String> userIds);

    /** Whether the user is active (and not suspended) staff of this agency's unit: the owner a commitment names. */
    boolean isActiveIn(String userId, se.samverkan.contracts.Agency agency, String unit);
}
