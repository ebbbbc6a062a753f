package se.samverkan.cases.referral;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.vocabulary.ConsentPurpose;

import java.util.Set;
import java.util.UUID;

import static se.samverkan.cases.core.Bounds.CODE;

/** Request bodies of social services' side of a referral, bounded like every request ({@code core.Bounds}). */
public final class ReferralRequests {

    private ReferralRequests() {
    }

    /**
     * {@code legalBasis}: a code of the municipality's legal-basis catalogue ({@code GET /api/legal-bases});
     * {@code purpose}: what the disclosure is for (OSL 10 kap. 18 a § requires CRIME_PREVENTION).
     */
    public record CreateReferralRequest(@NotBlank @Size(max = CODE) String policeUnit,
                                        @NotBlank @Size(max = CODE) String legalBasis, ConsentPurpose purpose,
                                        UUID consentId, @NotEmpty @Size(max = 10) Set<DataCategory> dataCategories,
                                        @Size(max = 10_000) String caseSummary, @Size(max = 10_000) String riskAssessment,
                                        @Size(max = 10_000) String weighingOfInterests,
                                        Boolean includeProtectedContact) {
    }

    public record CompleteReferralRequest(@NotBlank @Size(max = CODE) String outcomeCode) {
    }
}
