package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** The case team's follow-up of one commitment: kept, partly kept or not kept, on a day, by the actor. */
@IntegrationEventType("se.samverkan.case.commitment-followed-up.v1")
public record CommitmentFollowedUp(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID commitmentId,
        String followUpOutcome,
        LocalDate followedUpOn,
        LocalDate dueOn) implements CaseIntegrationEvent {
}
