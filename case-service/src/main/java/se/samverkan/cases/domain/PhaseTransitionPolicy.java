package se.samverkan.cases.domain;

import se.samverkan.contracts.Program;
import se.samverkan.platform.problem.ClientProblem;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static se.samverkan.cases.domain.Phase.*;

/**
 * Which phase may follow which, per program. Closing is its own command (with an outcome), so CLOSED is never a
 * target here; going back is allowed only where practice needs it (a plan revised after follow-up, a new threat).
 */
public final class PhaseTransitionPolicy {

    private static final Map<Phase, Set<Phase>> RAPID_INTERVENTION = Map.of(
            INTAKE, EnumSet.of(PRELIMINARY_ASSESSMENT),
            PRELIMINARY_ASSESSMENT, EnumSet.of(INVESTIGATION),
            INVESTIGATION, EnumSet.of(PLANNING),
            PLANNING, EnumSet.of(FOLLOW_UP),
            FOLLOW_UP, EnumSet.of(PLANNING));

    private static final Map<Phase, Set<Phase>> EXIT_PROGRAM = Map.of(
            INTAKE, EnumSet.of(CONSENT),
            CONSENT, EnumSet.of(RISK_ASSESSMENT),
            RISK_ASSESSMENT, EnumSet.of(PROTECTION, SUPPORT_PLAN),
            PROTECTION, EnumSet.of(SUPPORT_PLAN),
            SUPPORT_PLAN, EnumSet.of(FOLLOW_UP),
            FOLLOW_UP, EnumSet.of(SUPPORT_PLAN, RISK_ASSESSMENT));

    private PhaseTransitionPolicy() {
    }

    public static Set<Phase> next(Program program, Phase from) {
        Map<Phase, Set<Phase>> table = program == Program.RAPID_INTERVENTION ? RAPID_INTERVENTION : EXIT_PROGRAM;
        return table.getOrDefault(from, Set.of());
    }

    public static void check(Program program, Phase from, Phase to) {
        Set<Phase> allowed = next(program, from);
        if (!allowed.contains(to)) {
            String options = allowed.isEmpty() ? "none" : allowed.stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
            throw ClientProblem.ruleViolation("phase-transition-not-allowed",
                    "A " + program + " case cannot move from " + from + " to " + to + "; allowed next phases: " + options
                            + (to == CLOSED ? ". Close a case with its outcome instead" : ""));
        }
    }

    public static Phase initial() {
        return INTAKE;
    }
}
