package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** An exit-program case was shared with a partner municipality. */
@IntegrationEventType("se.samverkan.case.case-shared.v1")
public record CaseShared(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        String partnerMunicipality) implements CaseIntegrationEvent {
}
