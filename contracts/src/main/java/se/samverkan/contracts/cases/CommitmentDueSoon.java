package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A commitment of a joint action plan is due soon and neither reported done nor followed up: a reminder for its
 * owner ({@code audience: OWNER}, {@code ownerUserId} set) when a valid consent lets them see it, otherwise for the
 * case team. The system acts ({@code actor} absent).
 */
@IntegrationEventType("se.samverkan.case.commitment-due-soon.v1")
public record CommitmentDueSoon(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        UUID commitmentId,
        LocalDate dueOn,
        ReminderAudience audience,
        String ownerUserId,
        Agency ownerAgency,
        String ownerOrganisation) implements CaseIntegrationEvent {
}
