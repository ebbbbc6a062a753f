package se.samverkan.cases.domain;

import se.samverkan.contracts.DeadlineKind;
import se.samverkan.contracts.Program;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Statutory deadlines by phase (SoL 11 kap.): a preliminary assessment within 14 days, an investigation within four
 * months. Which deadline a phase ends is named here too, so reaching the next phase marks it met.
 */
public final class DeadlinePolicy {

    private DeadlinePolicy() {
    }

    public record Due(DeadlineKind kind, LocalDate dueOn) {
    }

    public static Optional<Due> startedBy(Program program, Phase phase, LocalDate today) {
        if (program != Program.RAPID_INTERVENTION) {
            return Optional.empty();
        }
        return switch (phase) {
            case PRELIMINARY_ASSESSMENT -> Optional.of(new Due(DeadlineKind.PRELIMINARY_ASSESSMENT, today.plusDays(14)));
            case INVESTIGATION -> Optional.of(new Due(DeadlineKind.INVESTIGATION, today.plusMonths(4)));
            default -> Optional.empty();
        };
    }

    /** The deadline that leaving {@code phase} for a later one fulfils. */
    public static Optional<DeadlineKind> endedBy(Phase leaving) {
        return switch (leaving) {
            case PRELIMINARY_ASSESSMENT -> Optional.of(DeadlineKind.PRELIMINARY_ASSESSMENT);
            case INVESTIGATION -> Optional.of(DeadlineKind.INVESTIGATION);
            default -> Optional.empty();
        };
    }
}
