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
     * The units the report was at come from the case itself: the route it arrived with and the case's own unit, so a
     * loop is refused however far the read models lag. {@code earlier}: the legs the intake's read model knows, which
     * adds the route of a report forwarded before the route travelled with it.
     */
    static void requireNotVisited(CaseFile file, IntakeReport report, List<Stop> earlier, String toMunicipality,
                                  String toUnit) {
        Set<Stop> visited = new LinkedHashSet<>(report.stopsBefore());
        visited.addAll(earlier == null ? List.of() : earlier);
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
