package se.samverkan.cases.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import se.samverkan.cases.domain.Consent;
import se.samverkan.cases.domain.Phase;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.LegalBasis;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** Request bodies of the case API. */
public final class CaseRequests {

    private CaseRequests() {
    }

    public record GuardianInput(@NotBlank String personalIdentityNumber, @NotBlank @Size(max = 200) String name) {
    }

    public record SubjectInput(@NotBlank String personalIdentityNumber, @NotBlank @Size(max = 200) String name,
                               LocalDate dateOfBirth, @Size(max = 500) String address,
                               List<@Valid GuardianInput> guardians, ProtectedIdentity protectedIdentity) {
    }

    /** {@code unit} defaults to the caller's own unit; the creator joins the team. */
    public record OpenCaseRequest(@NotNull Program program, @NotNull @Valid SubjectInput subject, List<String> team,
                                  String unit) {
    }

    public record AssignTeamRequest(@NotEmpty List<@NotBlank String> team) {
    }

    public record NoteRequest(@NotBlank @Size(max = 20_000) String text) {
    }

    public record MeasureRequest(@NotBlank @Size(max = 200) String measureType, @NotNull LocalDate startDate,
                                 LocalDate endDate) {
    }

    public record PhaseChangeRequest(@NotNull Phase phase) {
    }

    public record CloseRequest(@NotBlank @Size(max = 200) String outcome) {
    }

    public record ReopenRequest(@NotBlank @Size(max = 2_000) String reason) {
    }

    public record ShareRequest(@NotBlank String partnerMunicipality) {
    }

    public record ConsentPartyInput(@NotNull Consent.PartyRole role, String personalIdentityNumber) {
    }

    public record RecordConsentRequest(@NotEmpty List<@Valid ConsentPartyInput> parties, @NotNull Agency recipientAgency,
                                       @NotBlank String recipientUnit, List<@NotBlank String> purposes,
                                       @NotEmpty Set<DataCategory> dataCategories, @NotNull LocalDate validFrom,
                                       @NotNull LocalDate validUntil, @Size(max = 500) String documentReference) {
    }

    public record WithdrawConsentRequest(@NotNull Consent.PartyRole withdrawnBy, LocalDate withdrawnOn) {
    }

    public record CreateReferralRequest(@NotBlank String policeUnit, @NotNull LegalBasis legalBasis,
                                        java.util.UUID consentId, @NotEmpty Set<DataCategory> dataCategories,
                                        @Size(max = 10_000) String caseSummary, @Size(max = 10_000) String riskAssessment,
                                        @Size(max = 10_000) String weighingOfInterests,
                                        Boolean includeProtectedContact) {
    }

    public record CompleteReferralRequest(@NotBlank @Size(max = 100) String outcomeCode) {
    }

    public record DeclineRequest(@NotBlank @Size(max = 100) String reasonCode) {
    }

    public record FeedbackRequest(@NotBlank @Size(max = 10_000) String text) {
    }

    public record PoliceReportRequest(String receivingMunicipality, @NotBlank String receivingUnit,
                                      @NotNull @Valid SubjectInput subject, @NotBlank @Size(max = 10_000) String summary) {
    }

    public record MilestoneRequest(@NotNull LocalDate on) {
    }

    public record LulDeadlineRequest(@NotNull se.samverkan.contracts.DeadlineKind kind, @NotNull LocalDate dueOn) {
    }

    public record Empty() {
    }

    public record LegalHoldRequest(@NotNull se.samverkan.cases.domain.LegalHoldKind kind,
                                   @NotBlank @Size(max = 2_000) String reason) {
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

    public record ProtectedIdentityRequest(@NotNull ProtectedIdentity level) {
    }
}
