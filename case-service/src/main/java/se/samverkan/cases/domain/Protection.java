package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.ChangeProtectedIdentity;
import se.samverkan.cases.domain.CaseEvent.ProtectedIdentityChanged;
import se.samverkan.platform.problem.ClientProblem;

import java.util.List;

/** The subject's protection level; setting the level in force again changes nothing. */
public final class Protection {

    private Protection() {
    }

    public static List<CaseEvent> decide(CaseFile file, ChangeProtectedIdentity command) {
        CaseGuards.requireNotCleared(file);
        if (command.level() == null) {
            throw ClientProblem.badRequest("level-required",
                    "Name the level: NONE, SEKRETESSMARKERING, SKYDDAD_FOLKBOKFORING or FINGERADE_PERSONUPPGIFTER");
        }
        if (command.level() == file.protectedIdentity()) {
            return List.of();
        }
        return List.of(new ProtectedIdentityChanged(file.caseId(), file.protectedIdentity(), command.level(),
                ActedBy.of(command.by()), command.at()));
    }
}
