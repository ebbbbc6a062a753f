package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A referral was revoked; the police can no longer read it. */
@IntegrationEventType("se.samverkan.case.referral-revoked.v1")
public record ReferralRevoked(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID referralId,
        String policeUnit,
        RevocationReason reason) implements CaseIntegrationEvent {
}
