package se.samverkan.cases.domain;

import se.samverkan.platform.problem.ClientProblem;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A report is never forwarded to a unit it has already been at (issue 15, forwarding loops). Each unit it passed found
 * it was not theirs; sending it back — directly (A → B → A) or round a loop (A → B → C → A) — would only restart the
 * clocks and leave the young person with nobody responsible. The unit that has it keeps it and assesses it, and settles
 * responsibility with the others outside the intake.
 */
public final class ForwardingRoute {

    /** One unit (of a municipality) the report was received at. */
    public record Stop(String municipality, String unit) {
        @Override
        public String toString() {
            return unit + " (" + municipality + ")";
        }
    }

    private ForwardingRoute() {
    }

    /**
     * {@code earlier}: the units the report was received at before, as the intake's record of its legs knows them;
     * the case's own unit and the unit it came from are added here from the case itself, so the direct way back is
     * refused even before that record has caught up.
     */
    static void requireNotVisited(CaseFile file, IntakeReport report, List<Stop> earlier, String toMunicipality,
                                  String toUnit) {
        Set<Stop> visited = new LinkedHashSet<>(earlier == null ? List.of() : earlier);
        if (report.forwardedFromUnit() != null) {
            visited.add(new Stop(report.forwardedFromMunicipality(), report.forwardedFromUnit()));
        }
        visited.add(new Stop(file.municipality(), file.unit()));
        Stop target = new Stop(toMunicipality, toUnit);
        if (!visited.contains(target)) {
            return;
        }
        List<Map<String, String>> route = new ArrayList<>();
        visited.forEach(s -> route.add(Map.of("municipality", s.municipality(), "unit", s.unit())));
        throw new ClientProblem(409, "forwarding-loop", "The report has already been there",
                "Report " + report.reportId() + " has already been at " + target + ": it has been at "
                        + String.join(", ", visited.stream().map(Stop::toString).toList())
                        + ", and each of them sent it on. It is not sent round again: keep it in " + file.unit()
                        + " and assess it here (POST /api/cases/" + file.caseId() + "/reports/" + report.reportId()
                        + "/assessment), or escalate to your unit's supervisor to settle with " + target
                        + " who is responsible",
                Map.of("visited", route, "options", List.of("assess-here", "escalate-to-supervisor")));
    }
}
