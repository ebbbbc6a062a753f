package se.samverkan.cases.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Which of the subject's open cases in the receiving unit a new report joins, when there are several (issue 15
 * leftovers; rare: a case opened by hand beside an intake, or an exit and a youth case in one unit):
 * <ol>
 *   <li>a case with a team before an unassigned intake — someone is responsible for the young person there, and the
 *       team is told at once; an unassigned intake beside it is most often a duplicate still to be closed;</li>
 *   <li>then the latest opened — the most current assessment of the young person's situation;</li>
 *   <li>then the highest case id, so the same facts always give the same case.</li>
 * </ol>
 * The unit's queue shows the case the report joined; the team moves it on by forwarding only (a report is never
 * moved between cases of one unit), so the rule is deliberately one a worker can predict.
 */
public final class ReportCaseChoice {

    /** An open case of the subject in the unit, as the intake's lookup knows it. */
    public record OpenCase(UUID caseId, boolean hasTeam, Instant openedAt) {
    }

    static final Comparator<OpenCase> PREFERRED = Comparator.comparing(OpenCase::hasTeam)
            .thenComparing(OpenCase::openedAt).thenComparing(OpenCase::caseId);

    private ReportCaseChoice() {
    }

    public static Optional<UUID> choose(List<OpenCase> open) {
        return open.stream().max(PREFERRED).map(OpenCase::caseId);
    }
}
