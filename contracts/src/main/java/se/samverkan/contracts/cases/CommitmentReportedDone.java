package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A commitment's owner reported it done (the actor); the case team confirms it in the follow-up. */
@IntegrationEventType("se.samverkan.case.commitment-reported-done.v1")
public record CommitmentReportedDone(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID commitmentId,
        LocalDate reportedOn) implements CaseIntegrationEvent {
}
