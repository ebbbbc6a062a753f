package se.samverkan.cases.effects;

import se.samverkan.cases.effects.CohortHistograms.Cell;
import se.samverkan.cases.effects.SmallCellSuppression.Unit;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.effects.CohortPeriod;
import se.samverkan.contracts.effects.EffectFigure;
import se.samverkan.contracts.effects.EffectFiguresPublished.Figure;
import se.samverkan.contracts.effects.EffectFiguresPublished.Row;
import se.samverkan.contracts.effects.EffectFiguresPublished.Targets;
import se.samverkan.contracts.effects.FigureStatus;
import se.samverkan.contracts.vocabulary.SchoolWorkStatus;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cohort figures of a municipality (issue 15): per program and cohort period, a row for everyone ({@code ALL})
 * and one per concern group, each figure shown, suppressed, not yet measurable or not applicable
 * ({@link SmallCellSuppression} decides what is suppressed). Computed from histograms only, so the figures of a
 * cleared case read from its folded aggregates exactly as from its facts. Spring-free.
 */
public final class CohortFigures {

    public static final String ALL = "ALL";

    /**
     * @param asOf figures as of this day: a period is complete when it ended before it; a 6- or 12-month window is
     *             measurable when it closed before it for every case of the period
     */
    public record Settings(CohortPeriod periodLength, int threshold, Targets targets, LocalDate asOf) {
    }

    private final Settings settings;

    public CohortFigures(Settings settings) {
        this.settings = settings;
    }

    /** The rows of the given programs and periods (period starts), in that order. */
    public List<Row> rows(CohortHistograms histograms, List<Program> programs, List<LocalDate> periodStarts) {
        List<Row> rows = new ArrayList<>();
        for (Program program : programs) {
            TreeSet<String> groups = new TreeSet<>(CohortFigures::groupOrder);
            histograms.cells().stream()
                    .filter(c -> c.program() == program && periodStarts.contains(settings.periodLength().startOf(c.cohortMonth())))
                    .forEach(c -> groups.add(c.concernGroup()));
            for (LocalDate start : periodStarts) {
                rows.addAll(period(histograms, program, start, List.copyOf(groups)));
            }
        }
        return rows;
    }

    private List<Row> period(CohortHistograms histograms, Program program, LocalDate start, List<String> groups) {
        LocalDate end = settings.periodLength().endOf(start);
        Map<String, Map<Measure, Map<String, Integer>>> byGroup = new LinkedHashMap<>();
        byGroup.put(ALL, new EnumMap<>(Measure.class));
        groups.forEach(g -> byGroup.put(g, new EnumMap<>(Measure.class)));
        for (Cell cell : histograms.cells()) {
            if (cell.program() != program || !settings.periodLength().startOf(cell.cohortMonth()).equals(start)) {
                continue;
            }
            histograms.of(cell).forEach((measure, values) -> values.forEach((value, people) -> {
                merge(byGroup.get(ALL), measure, value, people);
                merge(byGroup.get(cell.concernGroup()), measure, value, people);
            }));
        }
        List<Draft> drafts = byGroup.entrySet().stream().map(e -> draft(e.getKey(), e.getValue(), end)).toList();
        new SmallCellSuppression(settings.threshold()).apply(drafts.stream().map(Draft::row).toList());
        String label = settings.periodLength().label(start);
        return drafts.stream().map(d -> new Row(program, label, start, end, d.group, d.figures())).toList();
    }

    private static void merge(Map<Measure, Map<String, Integer>> into, Measure measure, String value, int people) {
        into.computeIfAbsent(measure, m -> new TreeMap<>()).merge(value, people, Integer::sum);
    }

    /** One figure before suppression: its value and status, and the unit whose suppression hides it. */
    private record Slot(EffectFigure figure, SchoolWorkStatus status, BigDecimal value, FigureStatus shown, Unit unit) {
    }

    private record Draft(String group, SmallCellSuppression.Row row, List<Slot> slots) {
        List<Figure> figures() {
            return slots.stream().map(s -> s.unit().suppressed()
                    ? new Figure(s.figure(), s.status(), null, FigureStatus.SUPPRESSED)
                    : new Figure(s.figure(), s.status(), s.shown() == FigureStatus.SHOWN ? s.value() : null, s.shown())).toList();
        }
    }

    private Draft draft(String group, Map<Measure, Map<String, Integer>> h, LocalDate periodEnd) {
        int people = count(h, Measure.PEOPLE, v -> true);
        Map<String, Unit> units = new LinkedHashMap<>();
        List<Slot> slots = new ArrayList<>();
        Unit peopleUnit = unit(units, SmallCellSuppression.PEOPLE, true, true, people);
        slots.add(new Slot(EffectFigure.PEOPLE, null, BigDecimal.valueOf(people), FigureStatus.SHOWN, peopleUnit));

        milestone(h, Measure.FAMILY_CONTACT_DAYS, settings.targets().familyContactDays(), people, units, slots,
                EffectFigure.FAMILY_CONTACT_MEDIAN_DAYS, EffectFigure.FAMILY_CONTACT_WITHIN_TARGET_SHARE);
        milestone(h, Measure.JOINT_MEETING_DAYS, settings.targets().jointMeetingDays(), people, units, slots,
                EffectFigure.JOINT_MEETING_MEDIAN_DAYS, EffectFigure.JOINT_MEETING_WITHIN_TARGET_SHARE);

        int plan = count(h, Measure.ACTION_PLAN, Measure.YES::equals);
        share(units, slots, EffectFigure.ACTION_PLAN_AGREED_SHARE, plan, people, true);

        commitments(h, units, slots);

        for (int months : new int[]{6, 12}) {
            Measure measure = months == 6 ? Measure.NEW_POLICE_REPORT_6 : Measure.NEW_POLICE_REPORT_12;
            EffectFigure figure = months == 6 ? EffectFigure.NEW_POLICE_REPORT_6_MONTHS_SHARE : EffectFigure.NEW_POLICE_REPORT_12_MONTHS_SHARE;
            // every case of the period has had its whole window only once the last possible start's window closed
            boolean measurable = settings.asOf().isAfter(periodEnd.plusMonths(months));
            share(units, slots, figure, count(h, measure, Measure.YES::equals), people, measurable);
        }

        int recorded = people - count(h, Measure.FOLLOW_UP_STATUS, Measure.NONE::equals);
        share(units, slots, EffectFigure.FOLLOW_UP_RECORDED_SHARE, recorded, people, true);
        SchoolWorkStatus[] statuses = SchoolWorkStatus.values();
        int[] byStatus = new int[statuses.length];
        for (int i = 0; i < statuses.length; i++) {
            byStatus[i] = count(h, Measure.FOLLOW_UP_STATUS, statuses[i].name()::equals);
        }
        Unit distribution = unit(units, EffectFigure.FOLLOW_UP_STATUS_SHARE.name(), true, true, byStatus);
        for (int i = 0; i < statuses.length; i++) {
            slots.add(new Slot(EffectFigure.FOLLOW_UP_STATUS_SHARE, statuses[i], percent(byStatus[i], recorded),
                    recorded == 0 ? FigureStatus.NOT_APPLICABLE : FigureStatus.SHOWN, distribution));
        }
        return new Draft(group, new SmallCellSuppression.Row(group, group.equals(ALL), units), slots);
    }

    private void milestone(Map<Measure, Map<String, Integer>> h, Measure measure, int target, int people,
                           Map<String, Unit> units, List<Slot> slots, EffectFigure median, EffectFigure withinTarget) {
        List<int[]> reached = new ArrayList<>();
        h.getOrDefault(measure, Map.of()).forEach((value, count) -> {
            if (!value.equals(Measure.NONE)) {
                reached.add(new int[]{Integer.parseInt(value), count});
            }
        });
        reached.sort(Comparator.comparingInt(r -> r[0]));
        int n = reached.stream().mapToInt(r -> r[1]).sum();
        Unit medianUnit = unit(units, median.name(), false, true, n);
        slots.add(new Slot(median, null, median(reached, n), n == 0 ? FigureStatus.NOT_APPLICABLE : FigureStatus.SHOWN, medianUnit));
        int within = reached.stream().filter(r -> r[0] <= target).mapToInt(r -> r[1]).sum();
        share(units, slots, withinTarget, within, people, true);
    }

    private void commitments(Map<Measure, Map<String, Integer>> h, Map<String, Unit> units, List<Slot> slots) {
        int kept = 0;
        int followedUp = 0;
        int peopleFollowedUp = 0;
        int peopleWithOneKept = 0;
        for (Map.Entry<String, Integer> entry : h.getOrDefault(Measure.COMMITMENTS, Map.of()).entrySet()) {
            String[] parts = entry.getKey().split(":");
            int k = Integer.parseInt(parts[0]);
            int all = k + Integer.parseInt(parts[1]) + Integer.parseInt(parts[2]);
            kept += k * entry.getValue();
            followedUp += all * entry.getValue();
            peopleFollowedUp += all > 0 ? entry.getValue() : 0;
            peopleWithOneKept += k > 0 ? entry.getValue() : 0;
        }
        Unit unit = unit(units, EffectFigure.COMMITMENTS_KEPT_SHARE.name(), true, true,
                peopleWithOneKept, peopleFollowedUp - peopleWithOneKept);
        slots.add(new Slot(EffectFigure.COMMITMENTS_KEPT_SHARE, null, percent(kept, followedUp),
                followedUp == 0 ? FigureStatus.NOT_APPLICABLE : FigureStatus.SHOWN, unit));
    }

    private void share(Map<String, Unit> units, List<Slot> slots, EffectFigure figure, int yes, int of, boolean measurable) {
        Unit unit = measurable ? unit(units, figure.name(), true, true, yes, of - yes) : unit(units, figure.name(), true, false);
        FigureStatus status = !measurable ? FigureStatus.NOT_YET_MEASURABLE : of == 0 ? FigureStatus.NOT_APPLICABLE : FigureStatus.SHOWN;
        slots.add(new Slot(figure, null, percent(yes, of), status, unit));
    }

    private static Unit unit(Map<String, Unit> units, String name, boolean additive, boolean measurable, int... components) {
        Unit unit = new Unit(name, additive, measurable, components);
        units.put(name, unit);
        return unit;
    }

    private static int count(Map<Measure, Map<String, Integer>> h, Measure measure, java.util.function.Predicate<String> value) {
        return h.getOrDefault(measure, Map.of()).entrySet().stream().filter(e -> value.test(e.getKey()))
                .mapToInt(Map.Entry::getValue).sum();
    }

    /** Whole percent, half up; null when there is nothing to divide by. */
    static BigDecimal percent(int part, int whole) {
        return whole == 0 ? null : BigDecimal.valueOf(100L * part).divide(BigDecimal.valueOf(whole), 0, RoundingMode.HALF_UP);
    }

    /** The exact median of day counts given as (days, people), ascending: the middle one, or halfway between the two. */
    static BigDecimal median(List<int[]> ascending, int n) {
        if (n == 0) {
            return null;
        }
        int sum = nth(ascending, (n - 1) / 2) + nth(ascending, n / 2);
        return sum % 2 == 0 ? BigDecimal.valueOf(sum / 2) : BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(2), 1, RoundingMode.UNNECESSARY);
    }

    private static int nth(List<int[]> ascending, int index) {
        int seen = 0;
        for (int[] value : ascending) {
            seen += value[1];
            if (index < seen) {
                return value[0];
            }
        }
        throw new IllegalStateException("index beyond the histogram");
    }

    /** Narcotics first (the steering group follows it separately), then the concern types, then the catch-alls. */
    static int groupOrder(String a, String b) {
        return Integer.compare(rank(a), rank(b)) != 0 ? Integer.compare(rank(a), rank(b)) : a.compareTo(b);
    }

    private static int rank(String group) {
        return switch (group) {
            case CohortRecord.NARCOTICS -> 0;
            case CohortRecord.MULTIPLE -> 2;
            case CohortRecord.NOT_RECORDED -> 3;
            default -> 1;
        };
    }
}
