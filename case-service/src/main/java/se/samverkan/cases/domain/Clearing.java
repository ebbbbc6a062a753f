package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.ClearCaseData;
import se.samverkan.cases.domain.CaseEvent.CaseDataCleared;
import se.samverkan.cases.domain.CaseEvent.DocumentsCleared;
import se.samverkan.platform.problem.ClientProblem;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Clearing (gallring) of a closed case, per document type; idempotent for types already cleared. Clearing the last
 * type also records that the whole case is cleared.
 */
public final class Clearing {

    private Clearing() {
    }

    public static List<CaseEvent> decide(CaseFile file, ClearCaseData command) {
        EnumSet<DocumentType> remaining = EnumSet.noneOf(DocumentType.class);
        command.documentTypes().stream().filter(type -> !file.isCleared(type)).forEach(remaining::add);
        if (remaining.isEmpty()) {
            return List.of();
        }
        if (file.status() != CaseStatus.CLOSED) {
            throw ClientProblem.conflict("case-open", "Only a closed case can be cleared");
        }
        if (!file.legalHolds().isEmpty()) {
            throw ClientProblem.conflict("legal-hold", "The case is under legal hold ("
                    + file.legalHolds().stream().map(h -> h.kind().name()).distinct().toList() + "); lift the hold first");
        }
        List<CaseEvent> events = new ArrayList<>();
        events.add(new DocumentsCleared(file.caseId(), remaining, command.clearedOn(), ActedBy.of(command.by()), command.at()));
        EnumSet<DocumentType> clearedAfter = EnumSet.copyOf(remaining);
        clearedAfter.addAll(file.clearedDocumentTypes());
        if (clearedAfter.containsAll(EnumSet.allOf(DocumentType.class))) {
            events.add(new CaseDataCleared(file.caseId(), command.clearedOn(), ActedBy.of(command.by()), command.at()));
        }
        return events;
    }
}
