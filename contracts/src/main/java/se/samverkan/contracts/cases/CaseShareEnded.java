package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A share of an exit-program case with a partner unit ended: the owner ended it ({@code UNSHARED}), the consent it
 * rested on was withdrawn or expired, its end date passed, or the case was closed. The coordinators named no longer
 * see the case.
 */
@IntegrationEventType("se.samverkan.case.case-share-ended.v1")
public record CaseShareEnded(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID shareId,
        String partnerMunicipality,
        String partnerUnit,
        String reason,
        LocalDate endedOn,
        List<String> coordinators) implements CaseIntegrationEvent {
}
