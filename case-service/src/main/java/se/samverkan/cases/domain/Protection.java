package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.ChangeProtectedIdentity;
import se.samverkan.cases.domain.CaseEvent.ProtectedIdentityChanged;
import se.samverkan.platform.problem.ClientProblem;

import java.util.List;
import java.util.Optional;

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

    /**
     * A report joining the case may know the subject under a stronger protection than the case does (a unit that
     * raised it forwards the report here): the case takes the stronger level at once, never a weaker one, so the
     * address is kept from this unit's readers outside the team before anyone has looked at the report. Lowering a
     * level stays a supervisor's decision.
     */
    static Optional<CaseEvent> raisedBy(CaseFile file, se.samverkan.contracts.ProtectedIdentity reported,
                                        se.samverkan.platform.identity.Actor by, java.time.Instant at) {
        if (reported == null || reported.ordinal() <= file.protectedIdentity().ordinal()) {
            return Optional.empty();
        }
        return Optional.of(new ProtectedIdentityChanged(file.caseId(), file.protectedIdentity(), reported, ActedBy.of(by), at));
    }
}
