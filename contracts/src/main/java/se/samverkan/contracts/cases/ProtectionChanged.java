package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;

import java.time.Instant;

/**
 * The subject's protection level changed and is in force now: {@code caseRef}'s level is the new one, {@code previousLevel}
 * the one before. Raised by the case team or a unit supervisor, or by a report that knows a stronger level; lowered only by a unit
 * supervisor other than the one who asked (four eyes). Consumers act on a raised level at once, not at the case's next
 * event. Nothing of the person, and no reason, travels.
 */
@IntegrationEventType("se.samverkan.case.protection-changed.v1")
public record ProtectionChanged(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        ProtectedIdentity previousLevel) implements CaseIntegrationEvent {
}
