package se.samverkan.cases.domain;

import se.samverkan.contracts.Agency;
import se.samverkan.contracts.vocabulary.ParticipantRole;

import java.util.Optional;

/**
 * Who may be named as a participant of a coordination meeting, and how. A participant is a disclosure target (a
 * consent naming their organisation lets them see their commitments), so a staff participant's organisation must be
 * a configured unit of the agency their role belongs to (the police of a police unit, the school, leisure staff and
 * field assistants of a municipal unit, social services of a social-services unit), and a user id named for them
 * must be active staff of exactly that organisation in the directory. Guardians and the youth take part as persons:
 * no organisation and no account.
 */
public final class ParticipantRules {

    private ParticipantRules() {
    }

    /** The agency a role's organisation belongs to; empty for the roles that take part as persons. */
    public static Optional<Agency> agencyOf(ParticipantRole role) {
        return switch (role) {
            case SOCIAL_SERVICES -> Optional.of(Agency.SOCIAL_SERVICES);
            case POLICE -> Optional.of(Agency.POLICE);
            case SCHOOL, LEISURE_STAFF, FIELD_ASSISTANT -> Optional.of(Agency.MUNICIPALITY);
            case GUARDIAN, YOUTH -> Optional.empty();
        };
    }

    /** Why a participant cannot be named as given, empty when they can. Never says where anyone works. */
    public static Optional<String> problem(ParticipantRole role, Agency organisationAgency, String organisation,
                                           String userId, java.util.function.Function<String, Optional<StaffMember>> directory,
                                           String organisationMunicipality) {
        if (role == null) {
            return Optional.of("a role is required");
        }
        Optional<Agency> agency = agencyOf(role);
        if (agency.isEmpty()) {
            return organisation != null || userId != null
                    ? Optional.of(role.name() + " takes part as a person: no organisation and no user id")
                    : Optional.empty();
        }
        if (organisation == null) {
            return Optional.of(role.name() + " needs an organisation (a configured unit code)");
        }
        if (organisationAgency != agency.get()) {
            return Optional.of("organisation " + organisation + " is not a unit of " + agency.get() + ", as " + role.name() + " needs");
        }
        if (userId == null) {
            return Optional.empty();
        }
        Optional<StaffMember> member = directory.apply(userId);
        if (member.isEmpty()) {
            return Optional.of("user " + userId + " is not a known member of staff");
        }
        StaffMember staff = member.get();
        if (!staff.active()) {
            return Optional.of("user " + userId + " is not active (disabled in Keycloak or gone from the directory)");
        }
        // a police unit serves several municipalities: its unit code is the organisation, as for referrals
        boolean sameMunicipality = organisationAgency == Agency.POLICE || staff.municipality().equals(organisationMunicipality);
        if (staff.agency() != organisationAgency || !staff.unit().equals(organisation) || !sameMunicipality) {
            return Optional.of("user " + userId + " is not staff of organisation " + organisation);
        }
        return Optional.empty();
    }
}
