package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A secrecy-breaking referral waits for a supervisor. */
@IntegrationEventType("se.samverkan.case.referral-awaiting-approval.v1")
public record ReferralAwaitingApproval(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID referralId,
        String policeUnit,
        LegalBasis legalBasis,
        List<DataCategory> dataCategories) implements CaseIntegrationEvent {
}
