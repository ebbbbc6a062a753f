package se.samverkan.cases.retention;

import se.samverkan.cases.domain.DocumentType;
import se.samverkan.contracts.Program;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * When each document type of a closed case is due for clearing, and which subjects are kept as the research sample.
 * The most specific rule wins: program and document type, then document type, then program, then the default.
 */
public record RetentionRules(int defaultYears, Map<Program, Integer> yearsByProgram,
                             Map<DocumentType, Integer> yearsByDocumentType,
                             Map<Program, Map<DocumentType, Integer>> yearsByProgramAndDocumentType,
                             List<Integer> researchSamplingDays) {

    public RetentionRules(int defaultYears, Map<Program, Integer> yearsByProgram, List<Integer> researchSamplingDays) {
        this(defaultYears, yearsByProgram, Map.of(), Map.of(), researchSamplingDays);
    }

    public int years(Program program, DocumentType documentType) {
        Integer specific = yearsByProgramAndDocumentType.getOrDefault(program, Map.of()).get(documentType);
        if (specific != null) {
            return specific;
        }
        Integer byType = yearsByDocumentType.get(documentType);
        if (byType != null) {
            return byType;
        }
        return yearsByProgram.getOrDefault(program, defaultYears);
    }

    public LocalDate clearingDate(Program program, DocumentType documentType, LocalDate closedOn) {
        return closedOn.plusYears(years(program, documentType));
    }

    public boolean keptForResearch(LocalDate dateOfBirth) {
        return dateOfBirth != null && researchSamplingDays.contains(dateOfBirth.getDayOfMonth());
    }
}
