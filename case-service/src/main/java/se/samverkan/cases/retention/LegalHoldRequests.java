package se.samverkan.cases.retention;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import se.samverkan.cases.domain.LegalHoldKind;

/** Request bodies of legal holds; the reason is free text and never printed. */
public final class LegalHoldRequests {

    private LegalHoldRequests() {
    }

    public record LegalHoldRequest(@NotNull LegalHoldKind kind, @NotBlank @Size(max = 2_000) String reason) {
        @Override
        public String toString() {
            return "LegalHoldRequest[" + kind + "]";
        }
    }

    public record LiftLegalHoldRequest(@NotBlank @Size(max = 2_000) String reason) {
        @Override
        public String toString() {
            return "LiftLegalHoldRequest[****]";
        }
    }
}
