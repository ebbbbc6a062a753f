package se.samverkan.cases.domain;

import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Only active staff of the case's own unit with a case role (social worker or supervisor) may be on its team: the
 * team decides who reads the case in full and who is notified about it, so a name on it is a disclosure.
 *
 * <p>Everyone is judged on the directory synced from Keycloak, except the person acting, who is judged on their token
 * (Keycloak's signed statement of the same facts, minutes old): a social worker whom the last sync has not seen yet
 * can still open a case in their own unit, and nobody can vouch for anyone else.
 *
 * <p>A refusal says per id only which rule failed; it never says where someone else works.
 */
public final class TeamMembershipPolicy {

    public enum Reason {
        UNKNOWN("not a known member of staff"),
        INACTIVE("not active (disabled in Keycloak or gone from the directory)"),
        OTHER_UNIT("not staff of the case's unit"),
        NO_CASE_ROLE("holds no case role (social-worker or supervisor)");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public record Refusal(String userId, Reason reason) {
    }

    private TeamMembershipPolicy() {
    }

    public static List<Refusal> refusals(String municipality, String unit, List<String> team, Actor actingUser,
                                         Function<String, Optional<StaffMember>> directory) {
        List<Refusal> refusals = new ArrayList<>();
        for (String userId : new LinkedHashSet<>(team)) {
            Optional<StaffMember> member = actingUser != null && actingUser.userId().equals(userId)
                    ? Optional.of(fromToken(actingUser)) : directory.apply(userId);
            reason(municipality, unit, member).ifPresent(reason -> refusals.add(new Refusal(userId, reason)));
        }
        return List.copyOf(refusals);
    }

    /** @throws ClientProblem 422 naming every refused id and why */
    public static void check(String municipality, String unit, List<String> team, Actor actingUser,
                             Function<String, Optional<StaffMember>> directory) {
        List<Refusal> refusals = refusals(municipality, unit, team, actingUser, directory);
        if (!refusals.isEmpty()) {
            throw ClientProblem.ruleViolation("team-member-refused", "Only active staff of the case's unit with a case role "
                    + "may be on its team; refused: " + String.join("; ", refusals.stream()
                    .map(r -> r.userId() + " (" + r.reason().text() + ")").toList())
                    + ". Ask the administrator to check the user in Keycloak, or leave them off the team.");
        }
    }

    private static Optional<Reason> reason(String municipality, String unit, Optional<StaffMember> member) {
        if (member.isEmpty()) {
            return Optional.of(Reason.UNKNOWN);
        }
        StaffMember staff = member.get();
        if (!staff.active()) {
            return Optional.of(Reason.INACTIVE);
        }
        if (!staff.municipality().equals(municipality) || !staff.unit().equals(unit)) {
            return Optional.of(Reason.OTHER_UNIT);
        }
        if (!staff.mayWorkCases()) {
            return Optional.of(Reason.NO_CASE_ROLE);
        }
        return Optional.empty();
    }

    private static StaffMember fromToken(Actor actor) {
        return new StaffMember(actor.userId(), actor.agency(), actor.municipality(), actor.unit(), actor.roles(), true);
    }
}
