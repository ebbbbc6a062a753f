package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A case was opened. */
@IntegrationEventType("se.samverkan.case.case-opened.v1")
public record CaseOpened(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        CaseOrigin origin,
        String phase,
        List<String> team) implements CaseIntegrationEvent {
}
