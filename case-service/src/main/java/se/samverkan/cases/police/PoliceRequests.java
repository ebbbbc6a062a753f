package se.samverkan.cases.police;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import se.samverkan.cases.core.Subjects.SubjectInput;
import se.samverkan.contracts.vocabulary.ConcernType;

import static se.samverkan.cases.core.Bounds.CODE;

/** Request bodies of the police liaison, bounded like every request ({@code core.Bounds}). */
public final class PoliceRequests {

    private PoliceRequests() {
    }

    /** {@code reasonCode}: a code of the case's municipality's decline reasons (national, or its own under one). */
    public record DeclineRequest(@NotBlank @Size(max = CODE) String reasonCode) {
    }

    public record FeedbackRequest(@NotBlank @Size(max = 10_000) String text) {
    }

    /** {@code concernTypes}: optional here, for the police's clients from before issue 15 (an empty list: not stated). */
    public record PoliceReportRequest(@Size(max = CODE) String receivingMunicipality,
                                      @NotBlank @Size(max = CODE) String receivingUnit,
                                      @NotNull @Valid SubjectInput subject, @NotBlank @Size(max = 10_000) String summary,
                                      @Size(max = 20) java.util.Set<@NotNull ConcernType> concernTypes) {
        @Override
        public String toString() {
            return "PoliceReportRequest[" + receivingUnit + "]";
        }
    }
}
