package se.samverkan.cases.deadlines;

import jakarta.validation.constraints.NotNull;
import se.samverkan.contracts.DeadlineKind;

import java.time.LocalDate;

/** Request bodies of milestones and deadlines. */
public final class DeadlineRequests {

    private DeadlineRequests() {
    }

    public record MilestoneRequest(@NotNull LocalDate on) {
    }

    public record LulDeadlineRequest(@NotNull DeadlineKind kind, @NotNull LocalDate dueOn) {
    }
}
