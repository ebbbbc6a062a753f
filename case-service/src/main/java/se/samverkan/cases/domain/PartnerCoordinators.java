package se.samverkan.cases.domain;

import se.samverkan.contracts.Agency;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.problem.ClientProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * May a share name these people as the partner's coordinators? Each must be, in the staff directory (synced from the
 * one Keycloak realm every municipality of the exit program signs in with), an active exit coordinator of social
 * services in exactly the partner unit. Checked when a share is made and again when a second person approves one, so a
 * typo, a colleague of another unit or someone who left cannot be handed a case. At access time the policy still
 * reads the coordinator's own token (role, municipality, unit), so a directory lagging behind Keycloak never widens
 * what anyone sees.
 */
public final class PartnerCoordinators {

    enum Reason {
        UNKNOWN("not in the staff directory"),
        INACTIVE("not active in the staff directory"),
        OTHER_UNIT("not staff of the partner unit"),
        NOT_EXIT_COORDINATOR("not an exit coordinator");

        final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    private PartnerCoordinators() {
    }

    public static void check(List<String> coordinators, String municipality, String unit, StaffDirectory staff) {
        List<String> refused = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (String userId : coordinators) {
            reason(staff.find(userId), municipality, unit).ifPresent(reason -> {
                refused.add(userId);
                reasons.add(userId + " (" + reason.text + ")");
            });
        }
        if (!refused.isEmpty()) {
            throw new ClientProblem(422, "coordinator-not-in-partner-unit", "Coordinator not in the partner unit",
                    "A share names only active exit coordinators of unit " + unit + " of municipality " + municipality
                            + "; refused: " + String.join("; ", reasons)
                            + ". Ask the partner for the right coordinators, or their administrator to check them in Keycloak.",
                    Map.of("refusedCoordinators", refused));
        }
    }

    static Optional<Reason> reason(Optional<StaffMember> member, String municipality, String unit) {
        if (member.isEmpty()) {
            return Optional.of(Reason.UNKNOWN);
        }
        StaffMember m = member.get();
        if (!m.active()) {
            return Optional.of(Reason.INACTIVE);
        }
        if (m.agency() != Agency.SOCIAL_SERVICES || !m.municipality().equals(municipality) || !m.unit().equals(unit)) {
            return Optional.of(Reason.OTHER_UNIT);
        }
        if (!m.caseRoles().contains(Role.EXIT_COORDINATOR)) {
            return Optional.of(Reason.NOT_EXIT_COORDINATOR);
        }
        return Optional.empty();
    }
}
