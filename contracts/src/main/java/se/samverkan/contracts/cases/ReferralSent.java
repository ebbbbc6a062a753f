package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A referral was sent to a police liaison unit. */
@IntegrationEventType("se.samverkan.case.referral-sent.v1")
public record ReferralSent(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID referralId,
        String policeUnit,
        LegalBasis legalBasis,
        UUID consentId,
        List<DataCategory> dataCategories,
        String approvedBy) implements CaseIntegrationEvent {
}
