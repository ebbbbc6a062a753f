package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A referral was completed. */
@IntegrationEventType("se.samverkan.case.referral-completed.v1")
public record ReferralCompleted(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID referralId,
        String policeUnit,
        String outcomeCode) implements CaseIntegrationEvent {
}
