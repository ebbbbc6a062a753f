package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The police liaison accepted a referral. */
@IntegrationEventType("se.samverkan.case.referral-accepted.v1")
public record ReferralAccepted(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID referralId,
        String policeUnit) implements CaseIntegrationEvent {
}
