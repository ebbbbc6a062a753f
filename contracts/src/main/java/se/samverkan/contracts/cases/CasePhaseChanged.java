package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The case moved to another phase. */
@IntegrationEventType("se.samverkan.case.case-phase-changed.v1")
public record CasePhaseChanged(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        String fromPhase,
        String toPhase) implements CaseIntegrationEvent {
}
