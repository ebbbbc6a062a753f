package se.samverkan.notification.routing;

import se.samverkan.platform.identity.Role;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Whether someone told of a case may still hear of it when something made earlier reaches her later: a mail that
 * waited (a digest, a retry, one an administrator sends again). The planner's rule for what is new, applied to what
 * is now: the case's team is the members case-service last published who are still active staff of the case's unit
 * ({@link RoutingLookup#activeStaffOf}); a supervisor, a social worker of the unit or a compliance officer is told in
 * that capacity only while she still holds it there. One taken off the team, moved to another unit or municipality, or
 * no longer in the role she was told in hears nothing more of the case, as she is told nothing new of it. Once the
 * case's data was cleared, nobody does ({@link #CASE_CLEARED}); a case merely not routed yet holds nobody back.
 * <p>
 * The audience of a kind is decided here for every kind (no default): a new kind does not compile until it is.
 */
public final class StillHearsOfTheCase {

    /** She is no longer on the case's team (nor told in another capacity she still holds). */
    public static final String OFF_THE_TEAM = "recipient-off-the-case-team";
    /** She is no longer active staff of the case's unit: moved to another unit or municipality. */
    public static final String LEFT_THE_UNIT = "recipient-left-the-case-unit";
    /** She no longer holds, in the case's unit, the role she was told in (e.g. no longer its supervisor). */
    public static final String NO_LONGER_IN_ROLE = "recipient-no-longer-in-role";
    /** The case's data was cleared (CaseDataCleared): nothing more is mailed about it, to anyone. */
    public static final String CASE_CLEARED = "case-cleared";

    /** In which capacity the people told of a kind hear of the case. */
    enum Audience {
        /** the case team */
        TEAM,
        /** the team and the unit's supervisors */
        TEAM_OR_SUPERVISORS,
        /** the unit's supervisors */
        SUPERVISORS,
        /** the unit's social workers and supervisors (an intake without a team), or the team */
        UNIT_STAFF,
        /** the team and the municipality's compliance officers */
        TEAM_OR_COMPLIANCE,
        /** nobody as staff of the case's unit: the police (no case id), partner coordinators, compliance, a commitment's owner, analysts */
        OTHERS
    }

    static Audience audience(NotificationKind kind) {
        return switch (kind) {
            case CASE_OPENED, CASE_ASSIGNED, REFERRAL_ACKNOWLEDGED, REFERRAL_ACCEPTED, REFERRAL_DECLINED, POLICE_FEEDBACK,
                 CONSENT_WITHDRAWN, COMMITMENT_DUE_SOON, COMMITMENT_OVERDUE, COMMITMENT_REPORTED_DONE -> Audience.TEAM;
            case DEADLINE_APPROACHING, DEADLINE_MISSED -> Audience.TEAM_OR_SUPERVISORS;
            case REFERRAL_AWAITING_APPROVAL, PROTECTION_LOWERING_REQUESTED -> Audience.SUPERVISORS;
            case POLICE_REPORT_RECEIVED, REPORT_RECEIVED, REPORT_ATTACHED -> Audience.UNIT_STAFF;
            case BREAK_GLASS_ACCESS -> Audience.TEAM_OR_COMPLIANCE;
            // partner municipalities' coordinators are told by the share they are named in; the review queue is the
            // compliance officers'; the police, a commitment's owner and analysts are never told the case id
            case CASE_SHARED, CASE_SHARE_ENDED, REVIEW_ITEM_RAISED, REFERRAL_RECEIVED, REFERRAL_REVOKED, REPORT_STATUS_CHANGED,
                 COMMITMENT_ASSIGNED, EFFECT_FIGURES_PUBLISHED -> Audience.OTHERS;
        };
    }

    /**
     * Why {@code recipient} may no longer hear of the case an item of {@code kind} is about, as a reason code; empty
     * while she may, and for an item of no case. A case whose data was cleared is heard of by nobody, in any capacity
     * ({@link #CASE_CLEARED}, checked first: a route a late event made again does not bring it back). A case that
     * has no route but was not cleared is one whose route was not published yet (an event ahead of the case's
     * opening): there is no unit or team to hold her to, and the active, unsuspended recipient the sender checks is all
     * there is.
     */
    public static Optional<String> refusal(NotificationKind kind, UUID caseId, String recipient, RoutingLookup lookup) {
        Audience audience = audience(kind);
        if (caseId == null) {
            return Optional.empty();
        }
        if (lookup.caseCleared(caseId)) {
            return Optional.of(CASE_CLEARED);
        }
        if (audience == Audience.OTHERS) {
            return Optional.empty();
        }
        CaseRoute route = lookup.caseRoute(caseId).orElse(null);
        if (route == null) {
            return Optional.empty();
        }
        boolean onTeam = route.team().contains(recipient);
        boolean staff = !lookup.activeStaffOf(route.municipality(), route.unit(), List.of(recipient)).isEmpty();
        return switch (audience) {
            case TEAM -> !staff ? Optional.of(LEFT_THE_UNIT) : !onTeam ? Optional.of(OFF_THE_TEAM) : Optional.empty();
            case TEAM_OR_SUPERVISORS -> !staff ? Optional.of(LEFT_THE_UNIT)
                    : onTeam || holds(lookup, route, Role.SUPERVISOR, recipient) ? Optional.empty() : Optional.of(OFF_THE_TEAM);
            case SUPERVISORS -> !staff ? Optional.of(LEFT_THE_UNIT)
                    : holds(lookup, route, Role.SUPERVISOR, recipient) ? Optional.empty() : Optional.of(NO_LONGER_IN_ROLE);
            case UNIT_STAFF -> !staff ? Optional.of(LEFT_THE_UNIT)
                    : onTeam || holds(lookup, route, Role.SOCIAL_WORKER, recipient) || holds(lookup, route, Role.SUPERVISOR, recipient)
                    ? Optional.empty() : Optional.of(NO_LONGER_IN_ROLE);
            case TEAM_OR_COMPLIANCE -> lookup.usersInMunicipality(route.municipality(), Role.COMPLIANCE_OFFICER).contains(recipient)
                    || onTeam && staff ? Optional.empty() : onTeam ? Optional.of(LEFT_THE_UNIT) : Optional.of(OFF_THE_TEAM);
            case OTHERS -> Optional.empty();
        };
    }

    private static boolean holds(RoutingLookup lookup, CaseRoute route, Role role, String recipient) {
        return lookup.usersInUnit(route.municipality(), route.unit(), role).contains(recipient);
    }

    private StillHearsOfTheCase() {
    }
}
