package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.RecordMeasure;
import se.samverkan.cases.domain.CaseEvent.MeasureRecorded;
import se.samverkan.platform.problem.ClientProblem;

import java.util.List;

/** A measure (insats) has a coded type and a period that does not end before it starts. */
public final class Measures {

    private Measures() {
    }

    public static List<CaseEvent> decide(CaseFile file, RecordMeasure command) {
        CaseGuards.requireOpen(file);
        if (command.measureType() == null || command.startDate() == null) {
            throw ClientProblem.badRequest("measure-incomplete", "A measure needs a type and a start date");
        }
        if (command.endDate() != null && command.endDate().isBefore(command.startDate())) {
            throw ClientProblem.ruleViolation("measure-ends-before-start",
                    "The measure ends (" + command.endDate() + ") before it starts (" + command.startDate() + ")");
        }
        return List.of(new MeasureRecorded(file.caseId(), command.measureId(), command.measureType().name(),
                command.startDate(), command.endDate(), ActedBy.of(command.by()), command.at(),
                CaseGuards.localCode(command.localCode())));
    }
}
