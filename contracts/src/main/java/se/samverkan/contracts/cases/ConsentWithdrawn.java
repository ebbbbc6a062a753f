package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A consent was withdrawn. */
@IntegrationEventType("se.samverkan.case.consent-withdrawn.v1")
public record ConsentWithdrawn(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID consentId,
        LocalDate withdrawnOn,
        List<UUID> revokedReferralIds) implements CaseIntegrationEvent {
}
