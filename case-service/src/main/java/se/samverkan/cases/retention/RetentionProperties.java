package se.samverkan.cases.retention;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import se.samverkan.cases.domain.DocumentType;
import se.samverkan.contracts.Program;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Gallring rules, per program and document type (each subject has a data key per document type, so a type can be
 * cleared earlier or later than the rest of its case). The most specific rule wins: program and document type, then
 * document type, then program, then the default.
 *
 * @param defaultYears                   years after closing before a case's personal data is cleared
 * @param yearsByProgram                 overrides per program, e.g. {@code EXIT_PROGRAM: 3}
 * @param yearsByDocumentType            overrides per document type, e.g. {@code JOURNAL: 10}
 * @param yearsByProgramAndDocumentType  overrides per program and document type, e.g. {@code RAPID_INTERVENTION: {JOURNAL: 2}}
 * @param researchSamplingDays           subjects born on these days of the month are kept for research (the statutory sample)
 * @param enabled                        whether the scheduled job clears anything (the dry run always works)
 * @param interval                       how often the job runs
 */
@ConfigurationProperties("samverkan.cases.retention")
public record RetentionProperties(
        @DefaultValue("5") int defaultYears,
        Map<Program, Integer> yearsByProgram,
        Map<DocumentType, Integer> yearsByDocumentType,
        Map<Program, Map<DocumentType, Integer>> yearsByProgramAndDocumentType,
        @DefaultValue({"5", "15", "25"}) List<Integer> researchSamplingDays,
        @DefaultValue("true") boolean enabled,
        @DefaultValue("6h") Duration interval) {

    public RetentionProperties {
        yearsByProgram = yearsByProgram == null ? Map.of() : Map.copyOf(yearsByProgram);
        yearsByDocumentType = yearsByDocumentType == null ? Map.of() : Map.copyOf(yearsByDocumentType);
        yearsByProgramAndDocumentType = yearsByProgramAndDocumentType == null ? Map.of()
                : yearsByProgramAndDocumentType.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> e.getValue() == null ? Map.of() : Map.copyOf(e.getValue())));
        researchSamplingDays = researchSamplingDays == null ? List.of() : List.copyOf(researchSamplingDays);
        if (defaultYears < 1 || Stream.of(yearsByProgram.values().stream(), yearsByDocumentType.values().stream(),
                        yearsByProgramAndDocumentType.values().stream().flatMap(m -> m.values().stream()))
                .flatMap(s -> s).anyMatch(y -> y == null || y < 1)) {
            throw new IllegalArgumentException("Retention periods must be at least one year");
        }
    }

    public RetentionRules rules() {
        return new RetentionRules(defaultYears, yearsByProgram, yearsByDocumentType, yearsByProgramAndDocumentType,
                researchSamplingDays);
    }
}
