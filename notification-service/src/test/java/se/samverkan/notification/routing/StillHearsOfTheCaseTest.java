package se.samverkan.notification.routing;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.platform.identity.Role;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Who told of a case may still hear of it when a waiting mail leaves: the planner's rule, applied to what is now. */
class StillHearsOfTheCaseTest {

    static final UUID CASE = UUID.randomUUID();
    final Lookup lookup = new Lookup();

    @Test
    void aTeamNoticeGoesOnlyToAMemberWhoIsStillOnTheTeamAndStaffOfTheUnit() {
        assertThat(refusal(NotificationKind.CASE_OPENED, "member")).isEmpty();
        assertThat(refusal(NotificationKind.CASE_OPENED, "removed")).contains(StillHearsOfTheCase.OFF_THE_TEAM);
        lookup.noLongerStaff.add("member");
        assertThat(refusal(NotificationKind.CONSENT_WITHDRAWN, "member")).contains(StillHearsOfTheCase.LEFT_THE_UNIT);
    }

    @Test
    void aSupervisorToldAsTheUnitsSupervisorStillHearsWhileSheIsOne() {
        lookup.inUnit.put(Role.SUPERVISOR, List.of("boss"));
        assertThat(refusal(NotificationKind.DEADLINE_MISSED, "boss")).isEmpty();
        assertThat(refusal(NotificationKind.DEADLINE_MISSED, "member")).as("on the team").isEmpty();
        assertThat(refusal(NotificationKind.DEADLINE_MISSED, "removed")).contains(StillHearsOfTheCase.OFF_THE_TEAM);
        assertThat(refusal(NotificationKind.REFERRAL_AWAITING_APPROVAL, "member")).contains(StillHearsOfTheCase.NO_LONGER_IN_ROLE);
        lookup.noLongerStaff.add("boss");
        assertThat(refusal(NotificationKind.PROTECTION_LOWERING_REQUESTED, "boss")).contains(StillHearsOfTheCase.LEFT_THE_UNIT);
    }

    @Test
    void anIntakeNoticeGoesToTheUnitsSocialWorkersAndSupervisors() {
        lookup.inUnit.put(Role.SOCIAL_WORKER, List.of("worker"));
        assertThat(refusal(NotificationKind.REPORT_RECEIVED, "worker")).isEmpty();
        assertThat(refusal(NotificationKind.POLICE_REPORT_RECEIVED, "analyst")).contains(StillHearsOfTheCase.NO_LONGER_IN_ROLE);
    }

    @Test
    void aBreakGlassNoticeReachesTheMunicipalitysComplianceOfficersAndTheTeam() {
        lookup.compliance.add("officer");
        lookup.noLongerStaff.add("officer");
        assertThat(refusal(NotificationKind.BREAK_GLASS_ACCESS, "officer")).isEmpty();
        assertThat(refusal(NotificationKind.BREAK_GLASS_ACCESS, "member")).isEmpty();
        assertThat(refusal(NotificationKind.BREAK_GLASS_ACCESS, "removed")).contains(StillHearsOfTheCase.OFF_THE_TEAM);
        lookup.noLongerStaff.add("member");
        assertThat(refusal(NotificationKind.BREAK_GLASS_ACCESS, "member")).contains(StillHearsOfTheCase.LEFT_THE_UNIT);
    }

    @Test
    void nothingIsHeldToACaseUnitWhereThereIsNoneToHoldTo() {
        lookup.noLongerStaff.add("coordinator");
        assertThat(refusal(NotificationKind.CASE_SHARED, "coordinator")).as("a partner's coordinator").isEmpty();
        assertThat(refusal(NotificationKind.REVIEW_ITEM_RAISED, "coordinator")).isEmpty();
        assertThat(StillHearsOfTheCase.refusal(NotificationKind.CASE_OPENED, null, "removed", lookup)).as("no case").isEmpty();
        assertThat(StillHearsOfTheCase.refusal(NotificationKind.CASE_OPENED, UUID.randomUUID(), "removed", lookup))
                .as("a case this service knows nothing of").isEmpty();
    }

    @Test
    void nobodyHearsMoreOfACaseWhoseDataWasClearedButACaseNotRoutedYetHoldsNobodyBack() {
        UUID notRoutedYet = UUID.randomUUID();
        lookup.compliance.add("officer");
        assertThat(StillHearsOfTheCase.refusal(NotificationKind.REFERRAL_AWAITING_APPROVAL, notRoutedYet, "boss", lookup))
                .as("an event ahead of the case's route").isEmpty();
        UUID cleared = UUID.randomUUID();
        lookup.cleared.add(cleared);
        lookup.cleared.add(CASE);
        for (NotificationKind kind : NotificationKind.values()) {
            assertThat(StillHearsOfTheCase.refusal(kind, cleared, "member", lookup)).as(kind + ", no route").contains(StillHearsOfTheCase.CASE_CLEARED);
            assertThat(StillHearsOfTheCase.refusal(kind, CASE, "member", lookup)).as(kind + ", a route made again")
                    .contains(StillHearsOfTheCase.CASE_CLEARED);
        }
        assertThat(refusal(NotificationKind.BREAK_GLASS_ACCESS, "officer")).as("compliance too").contains(StillHearsOfTheCase.CASE_CLEARED);
        assertThat(StillHearsOfTheCase.refusal(NotificationKind.CASE_OPENED, null, "member", lookup)).as("no case").isEmpty();
    }

    @Test
    void everyKindHasAnAudience() {
        for (NotificationKind kind : NotificationKind.values()) {
            assertThat(StillHearsOfTheCase.audience(kind)).isNotNull();
        }
    }

    private Optional<String> refusal(NotificationKind kind, String recipient) {
        return StillHearsOfTheCase.refusal(kind, CASE, recipient, lookup);
    }

    static final class Lookup implements RoutingLookup {
        final Set<UUID> cleared = new HashSet<>();
        final Set<String> noLongerStaff = new HashSet<>();
        final Map<Role, List<String>> inUnit = new HashMap<>();
        final Set<String> compliance = new HashSet<>();

        @Override
        public Optional<CaseRoute> caseRoute(UUID caseId) {
            return CASE.equals(caseId) ? Optional.of(new CaseRoute(CASE, Program.RAPID_INTERVENTION, "0136", "ungdom",
                    ProtectedIdentity.NONE, "member", List.of("member"))) : Optional.empty();
        }

        @Override
        public boolean caseCleared(UUID caseId) {
            return cleared.contains(caseId);
        }

        @Override
        public Optional<String> policeUnitOf(UUID referralId) {
            return Optional.empty();
        }

        @Override
        public List<String> usersInUnit(String municipality, String unit, Role role) {
            return inUnit.getOrDefault(role, List.of()).stream().filter(id -> !noLongerStaff.contains(id)).toList();
        }

        @Override
        public List<String> usersInMunicipality(String municipality, Role role) {
            return role == Role.COMPLIANCE_OFFICER ? List.copyOf(compliance) : List.of();
        }

        @Override
        public List<String> usersEverywhere(Role role) {
            return List.of();
        }

        @Override
        public List<String> policeLiaisons(String policeUnit) {
            return List.of();
        }

        @Override
        public List<String> activeStaffOf(String municipality, String unit, Collection<String> userIds) {
            return userIds.stream().filter(id -> !noLongerStaff.contains(id)).toList();
        }

        @Override
        public boolean isActiveIn(String userId, Agency agency, String unit) {
            return false;
        }
    }
}
