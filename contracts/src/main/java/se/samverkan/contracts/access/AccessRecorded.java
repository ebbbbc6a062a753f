package se.samverkan.contracts.access;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Someone read or wrote (or tried to) case data. */
@IntegrationEventType("se.samverkan.access.access-recorded.v1")
public record AccessRecorded(
        ActorRef actor,
        UUID caseId,
        UUID subjectId,
        UUID referralId,
        Program program,
        String owningUnit,
        AccessAction action,
        String operation,
        List<String> fieldGroups,
        String purpose,
        String legalBasis,
        boolean onCaseTeam,
        boolean breakGlass,
        ProtectedIdentity protectedIdentity,
        AccessOutcome outcome,
        String denialReason,
        Instant occurredAt) implements AccessIntegrationEvent {
}
