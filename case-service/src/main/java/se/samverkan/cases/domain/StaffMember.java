package se.samverkan.cases.domain;

import se.samverkan.contracts.Agency;
import se.samverkan.platform.identity.Role;

import java.util.EnumSet;
import java.util.Set;

/**
 * A member of staff as case-service knows them from the directory synced from Keycloak: only what team membership
 * and partner shares need (no name, no e-mail). {@code active} means enabled in Keycloak and present in the latest sync.
 * {@code caseRoles} holds the roles this service keeps: those that work a case, and (issue 14) the exit coordinator's,
 * so a share can name only coordinators the directory knows in the partner unit.
 */
public record StaffMember(String userId, Agency agency, String municipality, String unit, Set<Role> caseRoles, boolean active) {

    /** The realm roles that may work a case (be on its team). */
    public static final Set<Role> CASE_ROLES = Set.of(Role.SOCIAL_WORKER, Role.SUPERVISOR);
    /** The realm roles this service keeps: the case roles and the partner's exit coordinator. */
    public static final Set<Role> KEPT_ROLES = Set.of(Role.SOCIAL_WORKER, Role.SUPERVISOR, Role.EXIT_COORDINATOR);

    public StaffMember {
        EnumSet<Role> kept = EnumSet.noneOf(Role.class);
        if (caseRoles != null) {
            caseRoles.stream().filter(KEPT_ROLES::contains).forEach(kept::add);
        }
        caseRoles = Set.copyOf(kept);
    }

    public boolean mayWorkCases() {
        return caseRoles.stream().anyMatch(CASE_ROLES::contains);
    }
}
