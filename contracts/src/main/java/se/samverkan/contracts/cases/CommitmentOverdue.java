package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A commitment's due date passed without its owner reporting it done or the team following it up: a notice for the
 * owner when a valid consent lets them see it ({@code audience: OWNER}), otherwise for the case team.
 */
@IntegrationEventType("se.samverkan.case.commitment-overdue.v1")
public record CommitmentOverdue(
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
