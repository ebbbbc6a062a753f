package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The case was closed. */
@IntegrationEventType("se.samverkan.case.case-closed.v1")
public record CaseClosed(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        String outcome) implements CaseIntegrationEvent {
}
