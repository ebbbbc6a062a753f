package se.samverkan.cases.domain;

import se.samverkan.contracts.vocabulary.ReportStatus;
import se.samverkan.platform.problem.ClientProblem;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which conclusion a social worker may record for one report, given where its case stands. While the case is in
 * intake or preliminary assessment, opening an investigation is the case's own step (the phase change to
 * INVESTIGATION, which concludes every pending report at once); a report that joins a case under investigation is
 * "already ongoing" from the start, except about a protected identity (see {@code Intake}): there the team concludes it
 * as already ongoing itself. Deciding that no investigation is opened on one report is always possible, and for a
 * case past its investigation (a plan running, follow-up, an exit-program case) a new report may open one.
 */
public final class ReportAssessmentPolicy {

    private static final Set<Phase> ASSESSED_WITH_THE_CASE = EnumSet.of(Phase.INTAKE, Phase.PRELIMINARY_ASSESSMENT);

    private ReportAssessmentPolicy() {
    }

    public static void check(Phase phase, ReportStatus decision) {
        if (decision == ReportStatus.NO_INVESTIGATION) {
            return;
        }
        if (decision == ReportStatus.INVESTIGATION_ONGOING) {
            if (phase == Phase.INVESTIGATION) {
                return;
            }
            throw ClientProblem.ruleViolation("no-investigation-ongoing", "The case is in " + phase
                    + ", not under investigation: conclude the report with INVESTIGATION_OPENED or NO_INVESTIGATION");
        }
        if (decision != ReportStatus.INVESTIGATION_OPENED) {
            throw ClientProblem.ruleViolation("not-an-assessment-decision", "A report's assessment concludes with "
                    + "INVESTIGATION_OPENED, INVESTIGATION_ONGOING or NO_INVESTIGATION, not " + decision);
        }
        if (ASSESSED_WITH_THE_CASE.contains(phase) || phase == Phase.INVESTIGATION) {
            throw ClientProblem.ruleViolation("open-investigation-by-phase-change", "The case is in " + phase
                    + ": open the investigation by moving the case to INVESTIGATION (POST …/phase-changes), which"
                    + " concludes every report still pending on it");
        }
    }
}
