package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;

import java.time.Instant;

/**
 * Someone on the case (the actor) asked for a lower protection level than the one in force ({@code caseRef}'s); it is
 * in force only when a unit supervisor other than the actor sets the same level before {@code openUntil}.
 */
@IntegrationEventType("se.samverkan.case.protection-lowering-requested.v1")
public record ProtectionLoweringRequested(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        ProtectedIdentity requestedLevel,
        Instant openUntil) implements CaseIntegrationEvent {
}
