package se.samverkan.cases.effects;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import se.samverkan.cases.config.CaseServiceProperties;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.effects.CohortPeriod;
import se.samverkan.contracts.effects.EffectFiguresPublished.Row;
import se.samverkan.contracts.effects.EffectFiguresPublished.Targets;
import se.samverkan.platform.problem.ClientProblem;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A municipality's cohort figures as of a day: the fact store's histograms through {@link CohortFigures}. Only
 * complete periods (ended before the day), of the one configured length.
 */
@Component
public class EffectFigures {

    /** The figures as the analyst's endpoint, the CSV export and the monthly event give them. */
    public record FiguresView(String municipality, LocalDate asOf, CohortPeriod periodLength, int suppressionThreshold,
                              Targets targets, List<Row> rows) {
    }

    private final EffectFacts facts;
    private final EffectsProperties properties;
    private final Targets targets;
    private final Clock clock;

    public EffectFigures(EffectFacts facts, EffectsProperties properties, CaseServiceProperties caseProperties, Clock clock,
                         @Value("${samverkan.development-mode:false}") boolean developmentMode) {
        if (properties.showIncompletePeriods() && !developmentMode) {
            throw new IllegalStateException("samverkan.cases.effects.show-incomplete-periods is for the local stack's "
                    + "walk-through only (development mode): a running period's figures change day by day, so two reads "
                    + "could be subtracted to single out the newest people. Remove it.");
        }
        this.facts = facts;
        this.properties = properties;
        this.targets = new Targets(caseProperties.firstFamilyContactDays(), properties.jointMeetingTargetDays());
        this.clock = clock;
    }

    /**
     * The figures of the periods {@code from}..{@code to} (labels of the configured length, e.g. {@code 2026-Q3}),
     * by default the latest complete ones; {@code program} null for both programs.
     */
    public FiguresView figures(String municipality, Program program, String from, String to) {
        LocalDate today = LocalDate.now(clock);
        CohortPeriod length = properties.periodLength();
        List<LocalDate> periods;
        if (from == null && to == null) {
            periods = latestPeriods(today, properties.publicationPeriods());
        } else {
            LocalDate last = lastShownPeriod(today);
            LocalDate start = from == null ? null : parse(from, "from");
            LocalDate end = to == null ? last : parse(to, "to");
            if (start == null) {
                start = end.minusMonths((long) length.months() * (properties.publicationPeriods() - 1));
            }
            if (start.isAfter(end)) {
                throw ClientProblem.badRequest("invalid-period", "from (" + length.label(start) + ") is after to ("
                        + length.label(end) + ")");
            }
            if (end.isAfter(last)) {
                throw ClientProblem.ruleViolation("period-not-complete", length.label(end) + " has not ended yet; figures are "
                        + "shown for complete periods only, the latest is " + length.label(last));
            }
            periods = new ArrayList<>();
            for (LocalDate p = start; !p.isAfter(end); p = p.plusMonths(length.months())) {
                periods.add(p);
                if (periods.size() > properties.maxPeriods()) {
                    throw ClientProblem.badRequest("too-many-periods", "At most " + properties.maxPeriods()
                            + " periods at a time; narrow from/to");
                }
            }
        }
        return compute(municipality, today, periods, program == null ? List.of(Program.values()) : List.of(program));
    }

    /** The monthly publication's figures: as of {@code asOf}, its latest complete periods. */
    public FiguresView forPublication(String municipality, LocalDate asOf) {
        List<LocalDate> periods = new ArrayList<>();
        LocalDate last = properties.periodLength().startOf(asOf).minusMonths(properties.periodLength().months());
        for (int i = properties.publicationPeriods() - 1; i >= 0; i--) {
            periods.add(last.minusMonths((long) properties.periodLength().months() * i));
        }
        return compute(municipality, asOf, periods, List.of(Program.values()));
    }

    private FiguresView compute(String municipality, LocalDate asOf, List<LocalDate> periods, List<Program> programs) {
        CohortFigures figures = new CohortFigures(new CohortFigures.Settings(properties.periodLength(),
                properties.suppressionThreshold(), targets, asOf));
        return new FiguresView(municipality, asOf, properties.periodLength(), properties.suppressionThreshold(), targets,
                figures.rows(facts.histograms(municipality), programs, periods));
    }

    private List<LocalDate> latestPeriods(LocalDate today, int count) {
        LocalDate last = lastShownPeriod(today);
        List<LocalDate> periods = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            periods.add(last.minusMonths((long) properties.periodLength().months() * i));
        }
        return periods;
    }

    /** The latest complete period, or the running one where development mode shows it. */
    private LocalDate lastShownPeriod(LocalDate today) {
        LocalDate current = properties.periodLength().startOf(today);
        return properties.showIncompletePeriods() ? current : current.minusMonths(properties.periodLength().months());
    }

    private LocalDate parse(String label, String parameter) {
        LocalDate start = properties.periodLength().parse(label);
        if (start == null || start.getYear() < 2000) {
            throw ClientProblem.badRequest("invalid-period", parameter + " must name a " + properties.periodLength()
                    + " period like " + properties.periodLength().label(LocalDate.now(clock)) + " (this deployment's cohort "
                    + "periods are " + properties.periodLength() + "s; other lengths are not shown)");
        }
        return start;
    }
}
