package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A measure (insats) was recorded. */
@IntegrationEventType("se.samverkan.case.measure-recorded.v1")
public record MeasureRecorded(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID measureId,
        String measureType,
        LocalDate startDate,
        LocalDate endDate) implements CaseIntegrationEvent {
}
