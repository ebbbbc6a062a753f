package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A deadline passed without being met. */
@IntegrationEventType("se.samverkan.case.deadline-missed.v1")
public record DeadlineMissed(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID deadlineId,
        DeadlineKind kind,
        LocalDate dueOn) implements CaseIntegrationEvent {
}
