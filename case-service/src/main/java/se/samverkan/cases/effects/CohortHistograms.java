package se.samverkan.cases.effects;

import se.samverkan.contracts.Program;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts of people per cohort cell (program, cohort month, concern group), measure and value: the live cohort
 * records and the folded aggregates of cleared cases added up the same way. Spring-free.
 */
public final class CohortHistograms {

    public record Cell(Program program, LocalDate cohortMonth, String concernGroup) {
    }

    private final Map<Cell, Map<Measure, Map<String, Integer>>> cells = new HashMap<>();

    public void add(CohortRecord record) {
        Cell cell = new Cell(record.program(), record.cohortMonth(), record.concernGroup());
        record.values().forEach((measure, value) -> add(cell, measure, value, 1));
    }

    public void add(Cell cell, Measure measure, String value, int people) {
        cells.computeIfAbsent(cell, c -> new EnumMap<>(Measure.class))
                .computeIfAbsent(measure, m -> new TreeMap<>())
                .merge(value, people, Integer::sum);
    }

    public Set<Cell> cells() {
        return cells.keySet();
    }

    /** The histogram of one measure in one cell (empty when the cell holds nobody). */
    public Map<String, Integer> of(Cell cell, Measure measure) {
        return cells.getOrDefault(cell, Map.of()).getOrDefault(measure, Map.of());
    }

    /** Everything of one cell, for folding. */
    public Map<Measure, Map<String, Integer>> of(Cell cell) {
        return cells.getOrDefault(cell, Map.of());
    }
}
