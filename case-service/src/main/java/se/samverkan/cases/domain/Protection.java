package se.samverkan.cases.domain;

import se.samverkan.cases.domain.CaseCommand.ChangeProtectedIdentity;
import se.samverkan.cases.domain.CaseEvent.ProtectedIdentityChanged;
import se.samverkan.cases.domain.CaseEvent.ProtectionLoweringProposed;
import se.samverkan.cases.domain.CaseEvent.ProtectionLoweringWithdrawn;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.problem.ClientProblem;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The subject's protection level; setting the level in force again changes nothing. Raising it is anyone's on the
 * team, at once: a person may be in danger. Lowering it releases the address to every reader the level kept it from
 * (off-team readers, partners, break-glass, referrals without the flag), so it takes two people: one asks for the
 * lower level, and it is in force only when a unit supervisor other than that person sets the same level within
 * {@link #REQUEST_DAYS} days. Setting the level in force again withdraws the request.
 */
public final class Protection {

    /** Whether a change of level is in force or waits for a second person. */
    public enum Outcome { UNCHANGED, IN_FORCE, AWAITING_APPROVAL }

    /** How long a request to lower the level may be put in force; after it, the level is asked for anew. */
    public static final int REQUEST_DAYS = 14;

    private Protection() {
    }

    public static List<CaseEvent> decide(CaseFile file, ChangeProtectedIdentity command) {
        CaseGuards.requireNotCleared(file);
        if (command.level() == null) {
            throw ClientProblem.badRequest("level-required",
                    "Name the level: NONE, SEKRETESSMARKERING, SKYDDAD_FOLKBOKFORING or FINGERADE_PERSONUPPGIFTER");
        }
        if (command.level() == file.protectedIdentity()) {
            // keeping the level is the safe side: anyone on the case may end a request to lower it
            return file.pendingLowering().<List<CaseEvent>>map(p -> List.of(new ProtectionLoweringWithdrawn(file.caseId(),
                    file.protectedIdentity(), p.to(), ActedBy.of(command.by()), command.at()))).orElse(List.of());
        }
        if (command.level().ordinal() > file.protectedIdentity().ordinal()) {
            return List.of(changed(file, command));
        }
        // a request left lying is not approved months later by someone who no longer knows why it was made
        Optional<ProtectionLoweringProposed> pending = file.pendingLowering().filter(p -> p.to() == command.level())
                .filter(p -> !command.at().isAfter(openUntil(p)));
        if (pending.isEmpty()) {
            return List.of(new ProtectionLoweringProposed(file.caseId(), file.protectedIdentity(), command.level(),
                    ActedBy.of(command.by()), command.at()));
        }
        if (pending.get().by() != null && command.by().userId().equals(pending.get().by().userId())) {
            throw ClientProblem.conflict("protection-lowering-four-eyes",
                    "You asked for " + command.level() + " yourself; lowering the level (" + file.protectedIdentity()
                            + " in force) takes a second person: the unit supervisor sets the same level to put it in force");
        }
        if (!command.by().roles().contains(Role.SUPERVISOR)) {
            throw ClientProblem.forbidden("protection-lowering-supervisor",
                    "Lowering to " + command.level() + " waits for the unit supervisor (" + file.protectedIdentity()
                            + " in force); only a supervisor puts a lower level in force. Ask the supervisor to check the level"
                            + " with Skatteverket and set it");
        }
        return List.of(changed(file, command));
    }

    /** Until when a supervisor's same level puts the request in force. */
    public static java.time.Instant openUntil(ProtectionLoweringProposed request) {
        return request.at().plus(Duration.ofDays(REQUEST_DAYS));
    }

    /**
     * What the aggregate decided on a change of level, for the caller's answer: the case's version after it, whether the
     * change is in force or waits for a second person, and the level in force now.
     */
    public record Decided(long version, Outcome outcome, ProtectedIdentity inForce) implements CaseAnswer {
    }

    /** What the events {@link #decide} returned amount to; read by the aggregate from the events it applied. */
    public static Outcome outcomeOf(List<CaseEvent> events) {
        if (events.isEmpty()) {
            return Outcome.UNCHANGED;
        }
        return switch (events.getFirst()) {
            case ProtectionLoweringProposed p -> Outcome.AWAITING_APPROVAL;
            case ProtectedIdentityChanged c -> Outcome.IN_FORCE;
            default -> Outcome.UNCHANGED;
        };
    }

    private static ProtectedIdentityChanged changed(CaseFile file, ChangeProtectedIdentity command) {
        return new ProtectedIdentityChanged(file.caseId(), file.protectedIdentity(), command.level(),
                ActedBy.of(command.by()), command.at());
    }

    /**
     * A report joining the case may know the subject under a stronger protection than the case does (a unit that
     * raised it forwards the report here): the case takes the stronger level at once, never a weaker one, so the
     * address is kept from this unit's readers outside the team before anyone has looked at the report. Lowering a
     * level stays two people's decision.
     */
    static Optional<CaseEvent> raisedBy(CaseFile file, se.samverkan.contracts.ProtectedIdentity reported,
                                        se.samverkan.platform.identity.Actor by, java.time.Instant at) {
        if (reported == null || reported.ordinal() <= file.protectedIdentity().ordinal()) {
            return Optional.empty();
        }
        return Optional.of(new ProtectedIdentityChanged(file.caseId(), file.protectedIdentity(), reported, ActedBy.of(by), at));
    }
}
