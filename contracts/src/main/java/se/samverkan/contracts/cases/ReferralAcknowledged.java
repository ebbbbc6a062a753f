package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The police liaison acknowledged a referral. */
@IntegrationEventType("se.samverkan.case.referral-acknowledged.v1")
public record ReferralAcknowledged(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID referralId,
        String policeUnit) implements CaseIntegrationEvent {
}
