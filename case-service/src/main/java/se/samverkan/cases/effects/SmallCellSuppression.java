package se.samverkan.cases.effects;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which figures of one program's period may be shown (issue 15). A figure is a <em>unit</em> of a row (the total row
 * {@code ALL} or one concern group); its {@code components} are the numbers of people it reveals (a share reveals
 * those who did and those who did not, a distribution each of its categories).
 * <ol>
 *   <li><b>Primary</b>: a unit with a component of 1 to threshold − 1 people is suppressed (0 is shown: it names
 *       nobody).</li>
 *   <li><b>The row's people</b>: a row whose head count is suppressed shows nothing else either (a share or a
 *       "nobody to measure" of 1–4 people says as much about them as their count).</li>
 *   <li><b>Differencing</b>: the concern groups partition the total, so the total minus the shown groups gives the
 *       suppressed groups' sum. For every additive unit whose total is shown, more groups are suppressed (the smallest
 *       first) until at least two are, and their sum of every component is 0 or at least the threshold; when no group
 *       is left to suppress, the total's unit is suppressed too. Head counts go first, and a row that loses its head
 *       count this way loses everything, as in 2.</li>
 * </ol>
 * Medians are not additive (one cannot be derived from others), so only 1 and 2 apply to them. Spring-free.
 */
public final class SmallCellSuppression {

    /** One figure of one row; {@code additive}: it sums over the concern groups to the total's. */
    public static final class Unit {
        final String name;
        final boolean additive;
        final int[] components;
        final boolean measurable;
        boolean suppressed;

        public Unit(String name, boolean additive, boolean measurable, int... components) {
            this.name = name;
            this.additive = additive;
            this.measurable = measurable;
            this.components = components.clone();
        }

        public boolean suppressed() {
            return suppressed;
        }

        int sum() {
            int sum = 0;
            for (int c : components) {
                sum += c;
            }
            return sum;
        }
    }

    /** A row: the total ({@code total == true}) or a concern group; units by name. */
    public record Row(String group, boolean total, java.util.Map<String, Unit> units) {
        Unit people() {
            return units.get(PEOPLE);
        }
    }

    public static final String PEOPLE = "PEOPLE";

    private final int threshold;

    public SmallCellSuppression(int threshold) {
        if (threshold < 2) {
            throw new IllegalArgumentException("a suppression threshold below 2 suppresses nothing");
        }
        this.threshold = threshold;
    }

    /** Marks the units to suppress in the rows of one program's period (the total first, then the groups). */
    public void apply(List<Row> rows) {
        Row total = rows.stream().filter(Row::total).findFirst().orElseThrow(() -> new IllegalArgumentException("no total row"));
        List<Row> groups = rows.stream().filter(r -> !r.total()).toList();
        for (Row row : rows) {
            for (Unit unit : row.units().values()) {
                if (unit.measurable && small(unit.components)) {
                    unit.suppressed = true;
                }
            }
        }
        rows.forEach(this::cascadeFromPeople);
        // head counts first: a group losing its head count loses all its figures before the others are balanced
        protectFromDifferencing(total, groups, PEOPLE);
        rows.forEach(this::cascadeFromPeople);
        for (String name : total.units().keySet()) {
            if (!name.equals(PEOPLE) && total.units().get(name).additive) {
                protectFromDifferencing(total, groups, name);
            }
        }
    }

    private void cascadeFromPeople(Row row) {
        if (row.people() != null && row.people().suppressed) {
            row.units().values().stream().filter(u -> u.measurable).forEach(u -> u.suppressed = true);
        }
    }

    private void protectFromDifferencing(Row total, List<Row> groups, String name) {
        Unit totalUnit = total.units().get(name);
        if (totalUnit == null || totalUnit.suppressed || !totalUnit.measurable) {
            return;
        }
        Predicate<Row> suppressed = r -> r.units().get(name).suppressed;
        Set<Row> hidden = new LinkedHashSet<>(groups.stream().filter(suppressed).toList());
        if (hidden.isEmpty()) {
            return;
        }
        while (!safe(hidden, name)) {
            List<Row> candidates = new ArrayList<>(groups.stream()
                    .filter(r -> !hidden.contains(r) && r.units().get(name).measurable).toList());
            if (candidates.isEmpty()) {
                totalUnit.suppressed = true;
                return;
            }
            // the smallest group that adds people to the hidden sum; a group of nobody only where nothing else is left
            candidates.sort(Comparator.comparing((Row r) -> r.units().get(name).sum() == 0)
                    .thenComparingInt(r -> r.units().get(name).sum())
                    .thenComparing(Row::group));
            Row next = candidates.getFirst();
            next.units().get(name).suppressed = true;
            hidden.add(next);
        }
    }

    /** At least two groups hidden, and whatever their sum reveals is 0 or at least the threshold, component by component. */
    private boolean safe(Set<Row> hidden, String name) {
        if (hidden.size() < 2) {
            return false;
        }
        int width = hidden.iterator().next().units().get(name).components.length;
        for (int j = 0; j < width; j++) {
            int sum = 0;
            for (Row row : hidden) {
                sum += row.units().get(name).components[j];
            }
            if (sum > 0 && sum < threshold) {
                return false;
            }
        }
        return true;
    }

    private boolean small(int[] components) {
        for (int c : components) {
            if (c > 0 && c < threshold) {
                return true;
            }
        }
        return false;
    }
}
