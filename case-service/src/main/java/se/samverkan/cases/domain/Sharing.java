package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.ShareCase;
import se.samverkan.cases.domain.CaseEvent.CaseShared;
import se.samverkan.contracts.Program;
import se.samverkan.platform.problem.ClientProblem;

import java.util.List;

/** Only an exit-program case is shared, once per partner municipality. */
public final class Sharing {

    private Sharing() {
    }

    public static List<CaseEvent> decide(CaseFile file, ShareCase command) {
        CaseGuards.requireOpen(file);
        if (file.program() != Program.EXIT_PROGRAM) {
            throw ClientProblem.ruleViolation("sharing-not-allowed",
                    "Only exit-program cases can be shared with a partner municipality");
        }
        if (command.partnerMunicipality().equals(file.municipality()) || file.sharedWith().contains(command.partnerMunicipality())) {
            throw ClientProblem.conflict("already-shared", "The case is already available to municipality " + command.partnerMunicipality());
        }
        return List.of(new CaseShared(file.caseId(), command.partnerMunicipality(), ActedBy.of(command.by()), command.at()));
    }
}
