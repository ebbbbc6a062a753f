package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A secrecy-breaking referral waits for a supervisor. {@code legalBasis} is a code of the owning municipality's
 * legal-basis catalogue (see {@link ReferralSent}); {@code purpose} (issue 15, absent from older events) what the
 * disclosure would be for.
 */
@IntegrationEventType("se.samverkan.case.referral-awaiting-approval.v1")
public record ReferralAwaitingApproval(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID referralId,
        String policeUnit,
        String legalBasis,
        List<DataCategory> dataCategories,
        String purpose) implements CaseIntegrationEvent {

    public ReferralAwaitingApproval(CaseRef caseRef, ActorRef actor, Instant occurredAt, UUID referralId,
                                    String policeUnit, LegalBasis legalBasis, List<DataCategory> dataCategories) {
        this(caseRef, actor, occurredAt, referralId, policeUnit, legalBasis == null ? null : legalBasis.name(),
                dataCategories, null);
    }
}
