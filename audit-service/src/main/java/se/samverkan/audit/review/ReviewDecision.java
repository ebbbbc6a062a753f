package se.samverkan.audit.review;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A compliance officer's verdict on one review item. */
public record ReviewDecision(
        @NotNull(message = "say whether the access was JUSTIFIED, NOT_JUSTIFIED or needs ESCALATION") Outcome outcome,
        @NotBlank(message = "write a comment explaining the decision") @Size(max = 4000) String comment) {

    public enum Outcome {
        JUSTIFIED,
        NOT_JUSTIFIED,
        ESCALATED
    }
}
