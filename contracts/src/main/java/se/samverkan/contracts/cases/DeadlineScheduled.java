package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A statutory or program deadline was scheduled. */
@IntegrationEventType("se.samverkan.case.deadline-scheduled.v1")
public record DeadlineScheduled(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID deadlineId,
        DeadlineKind kind,
        LocalDate dueOn) implements CaseIntegrationEvent {
}
