package se.samverkan.cases.effects;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.effects.SmallCellSuppression.Row;
import se.samverkan.cases.effects.SmallCellSuppression.Unit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15, the suppression rules alone: small cells, a row's head count, and differencing between total and groups. */
class SmallCellSuppressionTest {

    private final SmallCellSuppression suppression = new SmallCellSuppression(5);

    /** A row with a head count and one share (yes, no). */
    private static Row row(String group, int people, int yes) {
        Map<String, Unit> units = new LinkedHashMap<>();
        units.put(SmallCellSuppression.PEOPLE, new Unit(SmallCellSuppression.PEOPLE, true, true, people));
        units.put("SHARE", new Unit("SHARE", true, true, yes, people - yes));
        units.put("MEDIAN", new Unit("MEDIAN", false, true, yes));
        return new Row(group, group.equals("ALL"), units);
    }

    private static Row total(Row... groups) {
        int people = 0;
        int yes = 0;
        for (Row g : groups) {
            people += g.units().get(SmallCellSuppression.PEOPLE).components[0];
            yes += g.units().get("SHARE").components[0];
        }
        return row("ALL", people, yes);
    }

    private static boolean hidden(Row row, String unit) {
        return row.units().get(unit).suppressed();
    }

    @Test
    void aGroupOfOneToFourPeopleIsSuppressedAndNobodyOrFiveAreShown() {
        Row none = row("A", 0, 0);
        Row five = row("B", 5, 0);
        Row four = row("C", 4, 0);
        Row all = total(none, five, four);
        suppression.apply(List.of(all, none, five, four));
        assertThat(hidden(none, "PEOPLE")).isFalse();
        assertThat(hidden(four, "PEOPLE")).isTrue();
        assertThat(hidden(five, "PEOPLE")).as("the only group left to hide with the four").isTrue();
        assertThat(hidden(all, "PEOPLE")).as("9 people, the hidden groups hold 9 together").isFalse();
    }

    @Test
    void aShareRevealsThoseWhoDidAndThoseWhoDidNot() {
        Row almostAll = row("A", 20, 17);
        Row few = row("B", 20, 3);
        Row fine = row("C", 20, 10);
        Row all = total(almostAll, few, fine);
        suppression.apply(List.of(all, almostAll, few, fine));
        assertThat(hidden(almostAll, "SHARE")).as("3 did not").isTrue();
        assertThat(hidden(few, "SHARE")).as("3 did").isTrue();
        assertThat(hidden(fine, "SHARE")).isFalse();
        assertThat(hidden(all, "SHARE")).as("the hidden two hold 20 yes and 20 no: nothing small to subtract to").isFalse();
        assertThat(hidden(almostAll, "PEOPLE")).as("head counts of 20 stay").isFalse();
    }

    @Test
    void aRowWhoseHeadCountIsSuppressedShowsNothingElse() {
        Row small = row("A", 3, 0);
        Row big = row("B", 30, 15);
        Row other = row("C", 12, 6);
        Row all = total(small, big, other);
        suppression.apply(List.of(all, small, big, other));
        assertThat(small.units().values()).allMatch(Unit::suppressed);
        assertThat(other.units().values()).as("the smallest other group hides with it, head count and all")
                .allMatch(Unit::suppressed);
        assertThat(big.units().values()).noneMatch(Unit::suppressed);
        assertThat(all.units().values()).noneMatch(Unit::suppressed);
    }

    @Test
    void theTotalMinusTheShownGroupsNeverLeavesOneSuppressedGroupOrASmallSum() {
        Row two = row("A", 2, 1);
        Row one = row("B", 1, 0);
        Row many = row("C", 40, 20);
        Row all = total(two, one, many);
        suppression.apply(List.of(all, two, one, many));
        assertThat(hidden(two, "PEOPLE")).isTrue();
        assertThat(hidden(one, "PEOPLE")).isTrue();
        assertThat(hidden(many, "PEOPLE")).as("2 + 1 = 3 would still be a small cell").isTrue();
        assertThat(hidden(all, "PEOPLE")).isFalse();
    }

    @Test
    void whenNoGroupIsLeftToHideTheTotalIsHidden() {
        Row small = row("A", 7, 2);
        Row nobody = row("B", 0, 0);
        Row all = total(small, nobody);
        suppression.apply(List.of(all, small, nobody));
        assertThat(hidden(small, "SHARE")).isTrue();
        assertThat(hidden(all, "SHARE")).as("its own 2 are small anyway").isTrue();

        Row a = row("A", 9, 2);
        Row b = row("B", 9, 7);
        Row c = row("C", 0, 0);
        Row sum = total(a, b, c);
        suppression.apply(List.of(sum, a, b, c));
        assertThat(hidden(a, "SHARE")).isTrue();
        assertThat(hidden(b, "SHARE")).as("7 yes, 2 no").isTrue();
        assertThat(hidden(sum, "SHARE")).as("9 yes and 9 no across two hidden groups").isFalse();
    }

    @Test
    void aMedianIsNotAdditiveSoOnlyItsOwnGroupCounts() {
        Row three = row("A", 10, 3);
        Row ten = row("B", 10, 10);
        Row all = total(three, ten);
        suppression.apply(List.of(all, three, ten));
        assertThat(hidden(three, "MEDIAN")).isTrue();
        assertThat(hidden(ten, "MEDIAN")).as("a median cannot be derived from the others").isFalse();
        assertThat(hidden(all, "MEDIAN")).isFalse();
    }

    @Test
    void aTotalOfFewerThanFiveHidesEverything() {
        Row a = row("A", 2, 1);
        Row b = row("B", 2, 1);
        Row all = total(a, b);
        suppression.apply(List.of(all, a, b));
        assertThat(List.of(all, a, b)).allSatisfy(r -> assertThat(r.units().values()).allMatch(Unit::suppressed));
    }
}
