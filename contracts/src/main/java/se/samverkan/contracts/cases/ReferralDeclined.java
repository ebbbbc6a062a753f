package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The police liaison declined a referral. */
@IntegrationEventType("se.samverkan.case.referral-declined.v1")
public record ReferralDeclined(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID referralId,
        String policeUnit,
        String reasonCode) implements CaseIntegrationEvent {
}
