package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Personal data of a closed case was cleared (gallring) by shredding its keys. */
@IntegrationEventType("se.samverkan.case.case-data-cleared.v1")
public record CaseDataCleared(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        LocalDate clearedOn) implements CaseIntegrationEvent {
}
