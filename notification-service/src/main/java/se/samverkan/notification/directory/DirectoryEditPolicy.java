package se.samverkan.notification.directory;

import se.samverkan.platform.identity.Role;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

    /** Why a suspension is refused: a code for the problem and the audit event, and what the administrator can do. */
    public record Refusal(int status, String code, String detail) {
    }

    /** The roles a municipality must keep at least one active, unsuspended holder of. */
    public static final List<Role> KEPT_ROLES = List.of(Role.COMPLIANCE_OFFICER, Role.ADMINISTRATOR);

    /**
     * Whether an administrator may suspend {@code target}. Not herself: a suspended administrator is refused everything
     * here, so she could not lift it, and nobody administers her own entry (as no compliance officer decides an item
     * about herself). Not the last active holder of a role the municipality cannot do without: its last compliance
     * officer (whose break-glass notices and review items are the oversight of the municipality's access, an
     * administrator's included) or its last administrator (nobody could lift a suspension here any more).
     *
     * @param othersHolding for each role the target holds, how many other active, unsuspended people of her
     *                      municipality hold it (as the directory has them now)
     */
    public static Optional<Refusal> refusedSuspension(String administratorId, DirectoryUser target, Map<Role, Integer> othersHolding) {
        if (target.userId().equals(administratorId)) {
            return Optional.of(new Refusal(403, "directory-self-suspension", "You cannot suspend yourself: a suspended "
                    + "administrator can no longer use this service, so nobody here could lift it. Ask another administrator of "
                    + "your municipality, or have your account disabled in Keycloak."));
        }
        for (Role role : KEPT_ROLES) {
            if (target.roles().contains(role.realmRoleName()) && othersHolding.getOrDefault(role, 0) == 0) {
                return Optional.of(role == Role.COMPLIANCE_OFFICER
                        ? new Refusal(409, "last-compliance-officer", "User " + target.userId() + " is the last active "
                        + "compliance officer of municipality " + target.municipality() + ": suspending her would switch off the "
                        + "oversight of the municipality's access (break-glass notices, review items). Appoint another "
                        + "compliance officer in Keycloak first (or lift another's suspension); then suspend her.")
                        : new Refusal(409, "last-administrator", "User " + target.userId() + " is the last active administrator "
                        + "of municipality " + target.municipality() + " that this directory lists: with her suspended nobody "
                        + "could lift a suspension here. Appoint another administrator in Keycloak first (the next directory "
                        + "sync brings her); then suspend her."));
            }
        }
        return Optional.empty();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
