package se.samverkan.cases.domain;

import se.samverkan.contracts.Agency;
import se.samverkan.platform.identity.Role;

import java.util.EnumSet;
import java.util.Set;

/**
 * A member of staff as case-service knows them from the directory synced from Keycloak: only what team membership
 * needs (no name, no e-mail). {@code active} means enabled in Keycloak and present in the latest sync.
 */
public record StaffMember(String userId, Agency agency, String municipality, String unit, Set<Role> caseRoles, boolean active) {

    /** The realm roles that may work a case, and so the only ones this service keeps. */
    public static final Set<Role> CASE_ROLES = Set.of(Role.SOCIAL_WORKER, Role.SUPERVISOR);

    public StaffMember {
        EnumSet<Role> kept = EnumSet.noneOf(Role.class);
        if (caseRoles != null) {
            caseRoles.stream().filter(CASE_ROLES::contains).forEach(kept::add);
        }
        caseRoles = Set.copyOf(kept);
    }
}
