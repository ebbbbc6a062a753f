package se.samverkan.cases.partnership;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import se.samverkan.cases.domain.CostType;
import se.samverkan.cases.domain.PartnerRole;
import se.samverkan.contracts.DataCategory;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static se.samverkan.cases.core.Bounds.CODE;
import static se.samverkan.cases.core.Bounds.USER_ID;

/** Request bodies of partnership sharing, bounded like every request ({@code core.Bounds}). */
public final class PartnershipRequests {

    private PartnershipRequests() {
    }

    /**
     * {@code validUntil} absent: as long as the consent. {@code legalBasis} absent: the subject's consent
     * ({@code consentId}); otherwise a code of the owning municipality's legal-basis catalogue
     * ({@code GET /api/legal-bases}): a consent-based one still names the consent, a documented provision names none and
     * needs {@code weighingOfInterests} and {@code validUntil}; where the catalogue says four eyes the share waits for
     * a second person's approval.
     */
    public record ShareRequest(@NotBlank @Size(max = CODE) String partnerMunicipality,
                               @NotBlank @Size(max = CODE) String partnerUnit, @NotNull PartnerRole role,
                               @NotEmpty @Size(max = 10) Set<@NotNull DataCategory> dataCategories,
                               UUID consentId,
                               @NotEmpty @Size(max = 10) List<@NotBlank @Size(max = USER_ID) String> coordinators,
                               LocalDate validUntil, @Size(max = CODE) String legalBasis,
                               @Size(max = 10_000) String weighingOfInterests, @Size(max = 20_000) String riskAssessment) {

        /** On consent, as before the catalogue's provisions could be named. */
        public ShareRequest(String partnerMunicipality, String partnerUnit, PartnerRole role,
                            Set<DataCategory> dataCategories, UUID consentId, List<String> coordinators,
                            LocalDate validUntil) {
            this(partnerMunicipality, partnerUnit, role, dataCategories, consentId, coordinators, validUntil, null, null, null);
        }
    }

    public record PartnerNoteRequest(@NotBlank @Size(max = 20_000) String text) {
    }

    /** {@code measureType}: a code of the partner municipality's measures (national, or its own under one). */
    public record PartnerMeasureRequest(@NotBlank @Size(max = CODE) String measureType, @NotNull LocalDate startDate, LocalDate endDate) {
    }

    public record CostShareRequest(@NotBlank @Size(max = CODE) String payerMunicipality, @NotNull CostType costType,
                                   int percent, @NotNull LocalDate fromDate, @NotNull LocalDate untilDate) {
    }
}
