package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.ChangeProtectedIdentity;
import se.samverkan.cases.domain.CaseEvent.ProtectedIdentityChanged;
import se.samverkan.platform.identity.Role;
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
        // raising is anyone's on the team, at once: a person may be in danger. Lowering releases the address to every
        // reader the level kept it from (off-team readers, partners, break-glass, referrals without the flag), so it is
        // the unit supervisor's decision, never a social worker's alone
        if (command.level().ordinal() < file.protectedIdentity().ordinal() && !command.by().roles().contains(Role.SUPERVISOR)) {
            throw ClientProblem.forbidden("protection-lowering-supervisor",
                    "Only the unit supervisor may lower or remove a protection level (" + file.protectedIdentity() + " in force); "
                            + "raising it is open to the case team. Ask the supervisor to check the level with Skatteverket and change it");
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
