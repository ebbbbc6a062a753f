package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A deadline was met. */
@IntegrationEventType("se.samverkan.case.deadline-met.v1")
public record DeadlineMet(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID deadlineId,
        DeadlineKind kind,
        LocalDate dueOn,
        LocalDate metOn) implements CaseIntegrationEvent {
}
