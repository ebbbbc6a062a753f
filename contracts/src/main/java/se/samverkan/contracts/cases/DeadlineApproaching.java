package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A deadline is near. */
@IntegrationEventType("se.samverkan.case.deadline-approaching.v1")
public record DeadlineApproaching(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID deadlineId,
        DeadlineKind kind,
        LocalDate dueOn) implements CaseIntegrationEvent {
}
