package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A police report about a youth opened an intake case. */
@IntegrationEventType("se.samverkan.case.police-report-received.v1")
public record PoliceReportReceived(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID reportId,
        String fromPoliceUnit) implements CaseIntegrationEvent {
}
