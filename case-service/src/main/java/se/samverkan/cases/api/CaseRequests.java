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
import se.samverkan.contracts.vocabulary.CaseOutcome;
import se.samverkan.contracts.vocabulary.ConsentPurpose;
import se.samverkan.contracts.vocabulary.DeclineReason;
import se.samverkan.contracts.vocabulary.MeasureType;
import se.samverkan.contracts.vocabulary.ReferralOutcome;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Request bodies of the case API. Every string and list is bounded (issue 10, item 7): the body cap of the platform
 * stops a huge request, these stop a huge field, so no event grows past what Kafka takes. Code fields are typed by
 * their vocabulary (item 6); units and municipalities are checked against the configured lists in
 * {@code vocabulary.CodeLists}.
 */
public final class CaseRequests {

    static final int ID_NUMBER = 20;
    static final int CODE = 64;
    static final int USER_ID = 100;
    static final int TEAM = 50;

    private CaseRequests() {
    }

    public record GuardianInput(@NotBlank @Size(max = ID_NUMBER) String personalIdentityNumber,
                                @NotBlank @Size(max = 200) String name) {
    }

    public record SubjectInput(@NotBlank @Size(max = ID_NUMBER) String personalIdentityNumber,
                               @NotBlank @Size(max = 200) String name, LocalDate dateOfBirth,
                               @Size(max = 500) String address, @Size(max = 10) List<@Valid GuardianInput> guardians,
                               ProtectedIdentity protectedIdentity) {
    }

    /** {@code unit} defaults to the caller's own unit; the creator joins the team. */
    public record OpenCaseRequest(@NotNull Program program, @NotNull @Valid SubjectInput subject,
                                  @Size(max = TEAM) List<@NotBlank @Size(max = USER_ID) String> team,
                                  @Size(max = CODE) String unit) {
    }

    public record AssignTeamRequest(@NotEmpty @Size(max = TEAM) List<@NotBlank @Size(max = USER_ID) String> team) {
    }

    public record NoteRequest(@NotBlank @Size(max = 20_000) String text) {
    }

    public record MeasureRequest(@NotNull MeasureType measureType, @NotNull LocalDate startDate,
                                 LocalDate endDate) {
    }

    public record PhaseChangeRequest(@NotNull Phase phase) {
    }

    public record CloseRequest(@NotNull CaseOutcome outcome) {
    }

    public record ReopenRequest(@NotBlank @Size(max = 2_000) String reason) {
    }

    public record ShareRequest(@NotBlank @Size(max = CODE) String partnerMunicipality) {
    }

    public record ConsentPartyInput(@NotNull Consent.PartyRole role, @Size(max = ID_NUMBER) String personalIdentityNumber) {
    }

    public record RecordConsentRequest(@NotEmpty @Size(max = 10) List<@Valid ConsentPartyInput> parties,
                                       @NotNull Agency recipientAgency, @NotBlank @Size(max = CODE) String recipientUnit,
                                       @Size(max = 10) List<@NotNull ConsentPurpose> purposes,
                                       @NotEmpty @Size(max = 10) Set<DataCategory> dataCategories,
                                       @NotNull LocalDate validFrom, @NotNull LocalDate validUntil,
                                       @Size(max = 200) String documentReference) {
    }

    public record WithdrawConsentRequest(@NotNull Consent.PartyRole withdrawnBy, LocalDate withdrawnOn) {
    }

    public record CreateReferralRequest(@NotBlank @Size(max = CODE) String policeUnit, @NotNull LegalBasis legalBasis,
                                        java.util.UUID consentId, @NotEmpty @Size(max = 10) Set<DataCategory> dataCategories,
                                        @Size(max = 10_000) String caseSummary, @Size(max = 10_000) String riskAssessment,
                                        @Size(max = 10_000) String weighingOfInterests,
                                        Boolean includeProtectedContact) {
    }

    public record CompleteReferralRequest(@NotNull ReferralOutcome outcomeCode) {
    }

    public record DeclineRequest(@NotNull DeclineReason reasonCode) {
    }

    public record FeedbackRequest(@NotBlank @Size(max = 10_000) String text) {
    }

    public record PoliceReportRequest(@Size(max = CODE) String receivingMunicipality,
                                      @NotBlank @Size(max = CODE) String receivingUnit,
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
