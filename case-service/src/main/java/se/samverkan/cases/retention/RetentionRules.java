package se.samverkan.cases.retention;

import se.samverkan.contracts.Program;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** When a closed case's personal data is due for clearing, and which subjects are kept as the research sample. */
public record RetentionRules(int defaultYears, Map<Program, Integer> yearsByProgram, List<Integer> researchSamplingDays) {

    public LocalDate clearingDate(Program program, LocalDate closedOn) {
        return closedOn.plusYears(yearsByProgram.getOrDefault(program, defaultYears));
    }

    public boolean keptForResearch(LocalDate dateOfBirth) {
        return dateOfBirth != null && researchSamplingDays.contains(dateOfBirth.getDayOfMonth());
    }
}
