package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A referral was sent to a police liaison unit. {@code legalBasis} is a code of the owning municipality's legal-basis
 * catalogue (the national {@link LegalBasis} codes keep their meaning); {@code legalBasisVersion} the catalogue version
 * whose rule was checked when the data left, and {@code purpose} what the disclosure is for (a
 * {@code ConsentPurpose} code). The last three were added in issue 15: older events lack them, and the short
 * constructor below keeps producers that do not set them compiling.
 */
@IntegrationEventType("se.samverkan.case.referral-sent.v1")
public record ReferralSent(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID referralId,
        String policeUnit,
        String legalBasis,
        UUID consentId,
        List<DataCategory> dataCategories,
        String approvedBy,
        Integer legalBasisVersion,
        String purpose) implements CaseIntegrationEvent {

    public ReferralSent(CaseRef caseRef, ActorRef actor, Instant occurredAt, UUID referralId, String policeUnit,
                        LegalBasis legalBasis, UUID consentId, List<DataCategory> dataCategories, String approvedBy) {
        this(caseRef, actor, occurredAt, referralId, policeUnit, legalBasis == null ? null : legalBasis.name(), consentId,
                dataCategories, approvedBy, null, null);
    }
}
