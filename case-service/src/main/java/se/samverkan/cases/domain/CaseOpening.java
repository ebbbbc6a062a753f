package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.OpenCase;
import se.samverkan.cases.domain.CaseEvent.CaseOpened;

import java.util.ArrayList;
import java.util.List;

/** A case starts with a social worker opening it (with a team), or with a report received ({@link Intake}). */
public final class CaseOpening {

    private CaseOpening() {
    }

    public static List<CaseEvent> decide(OpenCase command, StaffDirectory staff, CaseCalendar calendar) {
        List<String> team = Teams.admitted(command.municipality(), command.unit(), command.team(), command.by(), staff);
        List<CaseEvent> events = new ArrayList<>();
        events.add(new CaseOpened(command.caseId(), command.program(), command.municipality(), command.unit(),
                command.subjectId(), command.subject(), team, command.origin(), PhaseTransitionPolicy.initial(),
                ActedBy.of(command.by()), command.at()));
        Deadlines.firstFamilyContact(command.program(), command.firstFamilyContactDays(), command, calendar).ifPresent(events::add);
        return events;
    }
}
