package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.LiftLegalHold;
import se.samverkan.cases.domain.CaseCommand.PlaceLegalHold;
import se.samverkan.cases.domain.CaseEvent.LegalHoldLifted;
import se.samverkan.cases.domain.CaseEvent.LegalHoldPlaced;
import se.samverkan.platform.problem.ClientProblem;

import java.util.List;

/** A legal hold stops clearing; placing and lifting one each need a reason. */
public final class LegalHolds {

    private LegalHolds() {
    }

    public static List<CaseEvent> decide(CaseFile file, PlaceLegalHold command) {
        CaseGuards.requireNotCleared(file);
        if (command.kind() == null || CaseGuards.isBlank(command.reason())) {
            throw ClientProblem.badRequest("legal-hold-incomplete",
                    "A legal hold needs a kind (LITIGATION, ONGOING_INVESTIGATION, SUPERVISORY_REVIEW) and a reason");
        }
        if (file.legalHolds().stream().anyMatch(h -> h.holdId().equals(command.holdId()))) {
            throw ClientProblem.conflict("legal-hold-exists", "Legal hold " + command.holdId() + " is already placed");
        }
        return List.of(new LegalHoldPlaced(file.caseId(), command.holdId(), command.kind(), command.reason(),
                ActedBy.of(command.by()), command.at()));
    }

    public static List<CaseEvent> decide(CaseFile file, LiftLegalHold command) {
        if (CaseGuards.isBlank(command.reason())) {
            throw ClientProblem.badRequest("reason-required", "Lifting a legal hold needs a reason");
        }
        if (file.legalHolds().stream().noneMatch(h -> h.holdId().equals(command.holdId()))) {
            throw ClientProblem.notFound("Legal hold " + command.holdId());
        }
        return List.of(new LegalHoldLifted(file.caseId(), command.holdId(), command.reason(), ActedBy.of(command.by()), command.at()));
    }
}
