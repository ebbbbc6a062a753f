package se.samverkan.contracts.access;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Someone read or wrote (or tried to) case data. {@code owningMunicipality} (the municipality that owns the case,
 * or the actor's when no case is involved) was added later: older events lack it, and the short constructor below
 * keeps producers that do not set it compiling.
 */
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
        Instant occurredAt,
        String owningMunicipality,
        UUID commitmentId) implements AccessIntegrationEvent {

    /** Without a commitment: every access but a participant's to a commitment of a joint action plan. */
    public AccessRecorded(ActorRef actor, UUID caseId, UUID subjectId, UUID referralId, Program program, String owningUnit,
                          AccessAction action, String operation, List<String> fieldGroups, String purpose,
                          String legalBasis, boolean onCaseTeam, boolean breakGlass, ProtectedIdentity protectedIdentity,
                          AccessOutcome outcome, String denialReason, Instant occurredAt, String owningMunicipality) {
        this(actor, caseId, subjectId, referralId, program, owningUnit, action, operation, fieldGroups, purpose, legalBasis,
                onCaseTeam, breakGlass, protectedIdentity, outcome, denialReason, occurredAt, owningMunicipality, null);
    }

    public AccessRecorded(ActorRef actor, UUID caseId, UUID subjectId, UUID referralId, Program program, String owningUnit,
                          AccessAction action, String operation, List<String> fieldGroups, String purpose,
                          String legalBasis, boolean onCaseTeam, boolean breakGlass, ProtectedIdentity protectedIdentity,
                          AccessOutcome outcome, String denialReason, Instant occurredAt) {
        this(actor, caseId, subjectId, referralId, program, owningUnit, action, operation, fieldGroups, purpose, legalBasis,
                onCaseTeam, breakGlass, protectedIdentity, outcome, denialReason, occurredAt, null, null);
    }
}
