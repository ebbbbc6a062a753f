package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A consent to share data was recorded. */
@IntegrationEventType("se.samverkan.case.consent-recorded.v1")
public record ConsentRecorded(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID consentId,
        Agency recipientAgency,
        String recipientUnit,
        List<String> purposes,
        List<DataCategory> dataCategories,
        LocalDate validFrom,
        LocalDate validUntil) implements CaseIntegrationEvent {
}
