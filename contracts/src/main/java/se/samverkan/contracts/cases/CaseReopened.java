package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A closed case was reopened. */
@IntegrationEventType("se.samverkan.case.case-reopened.v1")
public record CaseReopened(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        String phase) implements CaseIntegrationEvent {
}
