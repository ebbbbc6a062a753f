package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;

import java.time.LocalDate;
import java.time.Instant;
import java.util.UUID;

/**
 * A participant of a coordination meeting took on a commitment: what (a code; any text stays sealed in case-service)
 * and by when. {@code notifyOwner} is true when the owner has an account and a valid consent names their organisation
 * for joint planning, so they may be told and may see it; otherwise only the case team knows of it.
 */
@IntegrationEventType("se.samverkan.case.commitment-made.v1")
public record CommitmentMade(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID commitmentId,
        UUID meetingId,
        UUID participantId,
        String participantRole,
        Agency ownerAgency,
        String ownerOrganisation,
        String ownerUserId,
        String commitmentType,
        LocalDate dueOn,
        boolean notifyOwner) implements CaseIntegrationEvent {
}
