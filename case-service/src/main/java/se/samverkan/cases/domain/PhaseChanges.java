package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.ChangePhase;
import se.samverkan.cases.domain.CaseEvent.PhaseChanged;

import java.util.ArrayList;
import java.util.List;

/** A phase change follows the program's transitions ({@link PhaseTransitionPolicy}) and ends or starts deadlines. */
public final class PhaseChanges {

    private PhaseChanges() {
    }

    public static List<CaseEvent> decide(CaseFile file, ChangePhase command, CaseCalendar calendar) {
        CaseGuards.requireOpen(file);
        PhaseTransitionPolicy.check(file.program(), file.phase(), command.toPhase());
        List<CaseEvent> events = new ArrayList<>();
        events.add(new PhaseChanged(file.caseId(), file.phase(), command.toPhase(), ActedBy.of(command.by()), command.at()));
        events.addAll(Deadlines.onPhaseChange(file, file.phase(), command, calendar));
        events.addAll(Intake.onPhaseChange(file, command.toPhase(), calendar, command.by(), command.at()));
        return events;
    }
}
