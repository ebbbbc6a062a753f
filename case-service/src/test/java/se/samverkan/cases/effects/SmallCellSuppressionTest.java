package se.samverkan.cases.effects;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.samverkan.cases.effects.SmallCellSuppression.Row;
import se.samverkan.cases.effects.SmallCellSuppression.Unit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, the suppression rules alone: small cells, a row's head count, and differencing between total and groups.
 * Each case is groups A, B, C, ... given as "people/yes" (a head count and one share: yes, no; and a median over the
 * yes), their total ALL, and what must be hidden or shown afterwards: "ROW UNIT hidden|shown[: why]", UNIT * for all.
 */
class SmallCellSuppressionTest {

    private final SmallCellSuppression suppression = new SmallCellSuppression(5);

    record Case(String name, List<String> groups, List<String> expectations) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("a group of one to four people is suppressed, and nobody or five are shown", List.of("0/0", "5/0", "4/0"), List.of(
                        "A PEOPLE shown",
                        "C PEOPLE hidden",
                        "B PEOPLE hidden: the only group left to hide with the four",
                        "ALL PEOPLE shown: 9 people, the hidden groups hold 9 together")),
                new Case("a share reveals those who did and those who did not", List.of("20/17", "20/3", "20/10"), List.of(
                        "A SHARE hidden: 3 did not",
                        "B SHARE hidden: 3 did",
                        "C SHARE shown",
                        "ALL SHARE shown: the hidden two hold 20 yes and 20 no: nothing small to subtract to",
                        "A PEOPLE shown: head counts of 20 stay")),
                new Case("a row whose head count is suppressed shows nothing else", List.of("3/0", "30/15", "12/6"), List.of(
                        "A * hidden",
                        "C * hidden: the smallest other group hides with it, head count and all",
                        "B * shown",
                        "ALL * shown")),
                new Case("the total minus the shown groups never leaves one suppressed group or a small sum", List.of("2/1", "1/0", "40/20"), List.of(
                        "A PEOPLE hidden",
                        "B PEOPLE hidden",
                        "C PEOPLE hidden: 2 + 1 = 3 would still be a small cell",
                        "ALL PEOPLE shown")),
                new Case("when no group is left to hide, the total is hidden", List.of("7/2", "0/0"), List.of(
                        "A SHARE hidden",
                        "ALL SHARE hidden: its own 2 are small anyway")),
                new Case("when two groups hide each other, the total is shown", List.of("9/2", "9/7", "0/0"), List.of(
                        "A SHARE hidden",
                        "B SHARE hidden: 7 yes, 2 no",
                        "ALL SHARE shown: 9 yes and 9 no across two hidden groups")),
                new Case("a median is not additive, so only its own group counts", List.of("10/3", "10/10"), List.of(
                        "A MEDIAN hidden",
                        "B MEDIAN shown: a median cannot be derived from the others",
                        "ALL MEDIAN shown")),
                new Case("a total of fewer than five hides everything", List.of("2/1", "2/1"), List.of(
                        "ALL * hidden",
                        "A * hidden",
                        "B * hidden")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void suppresses(Case example) {
        Map<String, Row> rows = new LinkedHashMap<>();
        int people = 0;
        int yes = 0;
        for (int i = 0; i < example.groups().size(); i++) {
            String[] counts = example.groups().get(i).split("/");
            Row group = row(String.valueOf((char) ('A' + i)), Integer.parseInt(counts[0]), Integer.parseInt(counts[1]));
            rows.put(group.group(), group);
            people += Integer.parseInt(counts[0]);
            yes += Integer.parseInt(counts[1]);
        }
        Row all = row("ALL", people, yes);
        List<Row> table = new ArrayList<>(List.of(all));
        table.addAll(rows.values());
        rows.put("ALL", all);

        suppression.apply(table);

        for (String expectation : example.expectations()) {
            String[] parts = expectation.split(":", 2)[0].split(" ");
            Row row = rows.get(parts[0]);
            boolean hidden = parts[2].equals("hidden");
            List<Unit> units = parts[1].equals("*") ? List.copyOf(row.units().values()) : List.of(row.units().get(parts[1]));
            assertThat(units).as(expectation).allMatch(unit -> unit.suppressed() == hidden);
        }
    }

    /** A row with a head count, one share (yes, no) and a median over the yes. */
    private static Row row(String group, int people, int yes) {
        Map<String, Unit> units = new LinkedHashMap<>();
        units.put(SmallCellSuppression.PEOPLE, new Unit(SmallCellSuppression.PEOPLE, true, true, people));
        units.put("SHARE", new Unit("SHARE", true, true, yes, people - yes));
        units.put("MEDIAN", new Unit("MEDIAN", false, true, yes));
        return new Row(group, group.equals("ALL"), units);
    }
}
