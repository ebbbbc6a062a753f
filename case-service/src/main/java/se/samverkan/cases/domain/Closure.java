package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.CloseCase;
import se.samverkan.cases.domain.CaseCommand.ReopenCase;
import se.samverkan.cases.domain.CaseEvent.CaseClosed;
import se.samverkan.cases.domain.CaseEvent.CaseReopened;
import se.samverkan.platform.problem.ClientProblem;

import java.util.List;

/** Closing needs an outcome and no referral left open, and ends every partner share; reopening needs a reason and nothing cleared yet. */
public final class Closure {

    private Closure() {
    }

    public static List<CaseEvent> decide(CaseFile file, CloseCase command, CaseCalendar calendar) {
        CaseGuards.requireOpen(file);
        if (command.outcome() == null) {
            throw ClientProblem.badRequest("outcome-required", "Closing a case needs an outcome");
        }
        if (file.referrals().stream().anyMatch(r -> r.status().isOpen() || r.status() == ReferralStatus.AWAITING_APPROVAL)) {
            throw ClientProblem.ruleViolation("open-referrals",
                    "The case has referrals still open; complete or revoke them before closing the case");
        }
        List<CaseEvent> events = new java.util.ArrayList<>();
        events.addAll(Intake.onClosing(file, calendar, command.by(), command.at()));
        events.add(new CaseClosed(file.caseId(), file.phase(), command.outcome().name(), ActedBy.of(command.by()), command.at(),
                CaseGuards.localCode(command.localCode())));
        // a closed case is shared with nobody; the partner's section stays, cleared with the case
        events.addAll(Sharing.endAll(file, p -> true, ShareEnd.CASE_CLOSED,
                calendar.dayOf(command.at()), command.by(), command.at()));
        return events;
    }

    public static List<CaseEvent> decide(CaseFile file, ReopenCase command) {
        if (file.personalDataErased() || !file.clearedDocumentTypes().isEmpty()) {
            throw ClientProblem.conflict("case-data-cleared",
                    "The case's personal data has been cleared (gallrad); it cannot be reopened. Open a new case instead");
        }
        if (file.status() != CaseStatus.CLOSED) {
            throw ClientProblem.conflict("case-not-closed", "Only a closed case can be reopened");
        }
        if (CaseGuards.isBlank(command.reason())) {
            throw ClientProblem.badRequest("reason-required", "Reopening a case needs a reason");
        }
        return List.of(new CaseReopened(file.caseId(), Phase.INTAKE, command.reason(), ActedBy.of(command.by()), command.at()));
    }
}
