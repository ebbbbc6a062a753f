package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The case team changed. */
@IntegrationEventType("se.samverkan.case.case-team-changed.v1")
public record CaseTeamChanged(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        List<String> team) implements CaseIntegrationEvent {
}
