package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.OpenCase;
import se.samverkan.cases.domain.CaseCommand.ReceivePoliceReport;
import se.samverkan.cases.domain.CaseEvent.CaseOpened;
import se.samverkan.cases.domain.CaseEvent.PoliceReportReceived;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.Program;
import se.samverkan.platform.problem.ClientProblem;

import java.util.ArrayList;
import java.util.List;

/** A case starts with a social worker opening it (with a team) or with a police report (unassigned intake). */
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

    public static List<CaseEvent> decide(ReceivePoliceReport command, CaseCalendar calendar) {
        if (CaseGuards.isBlank(command.summary())) {
            throw ClientProblem.badRequest("summary-required", "A police report needs a summary of what happened");
        }
        List<CaseEvent> events = new ArrayList<>();
        events.add(new CaseOpened(command.caseId(), Program.RAPID_INTERVENTION, command.municipality(), command.unit(),
                command.subjectId(), command.subject(), List.of(), CaseOrigin.POLICE_REPORT, PhaseTransitionPolicy.initial(),
                ActedBy.of(command.by()), command.at()));
        events.add(new PoliceReportReceived(command.caseId(), command.reportId(), command.by().unit(), command.summary(),
                ActedBy.of(command.by()), command.at()));
        Deadlines.firstFamilyContact(Program.RAPID_INTERVENTION, command.firstFamilyContactDays(), command, calendar)
                .ifPresent(events::add);
        return events;
    }
}
