package se.samverkan.cases.domain;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.domain.TeamMembershipPolicy.Reason;
import se.samverkan.cases.domain.TeamMembershipPolicy.Refusal;
import se.samverkan.contracts.Agency;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.problem.ClientProblem;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 10 item 3: who may be on a case team, as a table of who is asked for and what the directory says. */
class TeamMembershipPolicyTest {

    static final String M = "0136";
    static final String UNIT = "haninge-ungdom";

    static final Map<String, StaffMember> DIRECTORY = Map.of(
            "worker", new StaffMember("worker", Agency.SOCIAL_SERVICES, M, UNIT, Set.of(Role.SOCIAL_WORKER), true),
            "supervisor", new StaffMember("supervisor", Agency.SOCIAL_SERVICES, M, UNIT, Set.of(Role.SUPERVISOR), true),
            "police", new StaffMember("police", Agency.POLICE, M, "polisen-haninge", Set.of(Role.POLICE_LIAISON), true),
            "other-unit", new StaffMember("other-unit", Agency.SOCIAL_SERVICES, M, "haninge-avhopp", Set.of(Role.SOCIAL_WORKER), true),
            "other-municipality", new StaffMember("other-municipality", Agency.SOCIAL_SERVICES, "0127", UNIT, Set.of(Role.SOCIAL_WORKER), true),
            "disabled", new StaffMember("disabled", Agency.SOCIAL_SERVICES, M, UNIT, Set.of(Role.SOCIAL_WORKER), false),
            "admin-in-unit", new StaffMember("admin-in-unit", Agency.SOCIAL_SERVICES, M, UNIT, Set.of(Role.ADMINISTRATOR), true),
            "compliance-in-unit", new StaffMember("compliance-in-unit", Agency.SOCIAL_SERVICES, M, UNIT, Set.of(Role.COMPLIANCE_OFFICER), true));
    static final Function<String, Optional<StaffMember>> LOOKUP = id -> Optional.ofNullable(DIRECTORY.get(id));
    static final Actor SUPERVISOR = new Actor("supervisor", Set.of(Role.SUPERVISOR), Agency.SOCIAL_SERVICES, M, UNIT);

    @Test
    void activeStaffOfTheUnitWithACaseRoleMayBeOnTheTeam() {
        assertThat(TeamMembershipPolicy.refusals(M, UNIT, List.of("worker", "supervisor"), SUPERVISOR, LOOKUP)).isEmpty();
    }

    @Test
    void everyoneElseIsRefusedWithTheRuleTheyFail() {
        List<Refusal> refusals = TeamMembershipPolicy.refusals(M, UNIT, List.of("worker", "police", "other-unit",
                "other-municipality", "disabled", "admin-in-unit", "compliance-in-unit", "nobody"), SUPERVISOR, LOOKUP);

        assertThat(refusals).containsExactly(
                new Refusal("police", Reason.OTHER_UNIT),
                new Refusal("other-unit", Reason.OTHER_UNIT),
                new Refusal("other-municipality", Reason.OTHER_UNIT),
                new Refusal("disabled", Reason.INACTIVE),
                new Refusal("admin-in-unit", Reason.NO_CASE_ROLE),
                new Refusal("compliance-in-unit", Reason.NO_CASE_ROLE),
                new Refusal("nobody", Reason.UNKNOWN));
    }

    @Test
    void aDisabledUserIsInactiveWhereverTheyWork() {
        StaffMember disabledElsewhere = new StaffMember("x", Agency.SOCIAL_SERVICES, M, "haninge-avhopp", Set.of(), false);
        assertThat(TeamMembershipPolicy.refusals(M, UNIT, List.of("x"), null, id -> Optional.of(disabledElsewhere)))
                .containsExactly(new Refusal("x", Reason.INACTIVE));
    }

    @Test
    void theActingUserIsJudgedOnTheirTokenSoANewColleagueCanOpenACaseBeforeTheNextSync() {
        Actor newcomer = new Actor("newcomer", Set.of(Role.SOCIAL_WORKER), Agency.SOCIAL_SERVICES, M, UNIT);
        assertThat(TeamMembershipPolicy.refusals(M, UNIT, List.of("newcomer"), newcomer, LOOKUP)).isEmpty();

        Actor policeActing = new Actor("police", Set.of(Role.POLICE_LIAISON), Agency.POLICE, M, "polisen-haninge");
        assertThat(TeamMembershipPolicy.refusals(M, UNIT, List.of("police"), policeActing, LOOKUP))
                .as("a token vouches only for what it says").containsExactly(new Refusal("police", Reason.OTHER_UNIT));
        assertThat(TeamMembershipPolicy.refusals(M, UNIT, List.of("newcomer"), SUPERVISOR, LOOKUP))
                .as("nobody vouches for someone else").containsExactly(new Refusal("newcomer", Reason.UNKNOWN));
    }

    @Test
    void theProblemNamesEveryRefusedIdAndWhyButNotWhereTheyWork() {
        assertThatThrownBy(() -> TeamMembershipPolicy.check(M, UNIT, List.of("worker", "police", "nobody", "nobody"), SUPERVISOR, LOOKUP))
                .isInstanceOfSatisfying(ClientProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(422);
                    assertThat(problem.code()).isEqualTo("team-member-refused");
                    assertThat(problem.getMessage()).contains("police (not staff of the case's unit)")
                            .contains("nobody (not a known member of staff)").doesNotContain("polisen-haninge")
                            .doesNotContain("worker (");
                    assertThat(problem.getMessage().split("nobody", -1)).as("each id once").hasSize(2);
                });
        assertThatCode(() -> TeamMembershipPolicy.check(M, UNIT, List.of("worker"), SUPERVISOR, LOOKUP)).doesNotThrowAnyException();
    }
}
