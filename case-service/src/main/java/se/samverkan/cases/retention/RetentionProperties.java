package se.samverkan.cases.retention;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import se.samverkan.contracts.Program;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Gallring rules. Clearing works per case (one data key per subject), so a rule is per program; a document-type
 * rule shorter than its case's cannot be honoured by shredding and is therefore not offered.
 *
 * @param defaultYears         years after closing before a case's personal data is cleared
 * @param yearsByProgram       overrides per program, e.g. {@code EXIT_PROGRAM: 3}
 * @param researchSamplingDays subjects born on these days of the month are kept for research (the statutory sample)
 * @param enabled              whether the scheduled job clears anything (the dry run always works)
 * @param interval             how often the job runs
 */
@ConfigurationProperties("samverkan.cases.retention")
public record RetentionProperties(
        @DefaultValue("5") int defaultYears,
        Map<Program, Integer> yearsByProgram,
        @DefaultValue({"5", "15", "25"}) List<Integer> researchSamplingDays,
        @DefaultValue("true") boolean enabled,
        @DefaultValue("6h") Duration interval) {

    public RetentionProperties {
        yearsByProgram = yearsByProgram == null ? Map.of() : Map.copyOf(yearsByProgram);
        researchSamplingDays = researchSamplingDays == null ? List.of() : List.copyOf(researchSamplingDays);
        if (defaultYears < 1 || yearsByProgram.values().stream().anyMatch(y -> y < 1)) {
            throw new IllegalArgumentException("Retention periods must be at least one year");
        }
    }

    public RetentionRules rules() {
        return new RetentionRules(defaultYears, yearsByProgram, researchSamplingDays);
    }
}
