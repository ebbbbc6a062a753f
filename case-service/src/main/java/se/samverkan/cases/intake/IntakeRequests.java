package se.samverkan.cases.intake;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import se.samverkan.cases.core.Subjects.SubjectInput;
import se.samverkan.contracts.vocabulary.ConcernType;
import se.samverkan.contracts.vocabulary.ForwardingReason;
import se.samverkan.contracts.vocabulary.ReportStatus;

import java.util.Set;

import static se.samverkan.cases.core.Bounds.CODE;

/**
 * Request bodies of the intake, bounded like every request ({@code core.Bounds}); codes are typed by their vocabulary,
 * units and municipalities are checked against the configured lists ({@code config.CodeLists}).
 */
public final class IntakeRequests {

    private IntakeRequests() {
    }

    /**
     * A report or concern: to {@code receivingUnit} of {@code receivingMunicipality} (default: the sender's own), about
     * {@code subject}, what it is about ({@code concernTypes}, at least one) and what happened ({@code summary}, kept in
     * the case, sealed; never sent on).
     */
    public record ReportRequest(@Size(max = CODE) String receivingMunicipality,
                                @NotBlank @Size(max = CODE) String receivingUnit,
                                @NotNull @Valid SubjectInput subject,
                                @NotEmpty @Size(max = 20) Set<@NotNull ConcernType> concernTypes,
                                @NotBlank @Size(max = 10_000) String summary) {
        @Override
        public String toString() {
            return "ReportRequest[" + receivingUnit + "]";
        }
    }

    /** The skyddsbedömning's conclusion: does the young person need protection at once? */
    public record SafetyAssessmentRequest(@NotNull Boolean immediateProtectionNeeded) {
    }

    /** How a report's assessment concludes when it is decided for the report itself. */
    public enum AssessmentDecision {
        INVESTIGATION_OPENED(ReportStatus.INVESTIGATION_OPENED),
        NO_INVESTIGATION(ReportStatus.NO_INVESTIGATION);

        private final ReportStatus status;

        AssessmentDecision(ReportStatus status) {
            this.status = status;
        }

        public ReportStatus status() {
            return status;
        }
    }

    public record AssessmentRequest(@NotNull AssessmentDecision decision) {
    }

    /** {@code toMunicipality} defaults to the case's own; {@code toUnit} a social-services unit of it. */
    public record ForwardingRequest(@Size(max = CODE) String toMunicipality, @NotBlank @Size(max = CODE) String toUnit,
                                    @NotNull ForwardingReason reasonCode) {
    }
}
