package se.samverkan.contracts.audit;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** An access pattern needs a compliance officer's review. */
@IntegrationEventType("se.samverkan.audit.review-item-raised.v1")
public record ReviewItemRaised(
        UUID reviewItemId,
        String rule,
        UUID caseId,
        String owningUnit,
        String municipality,
        String actorUserId,
        String sourceEventId,
        Instant raisedAt) implements AuditIntegrationEvent {
    @Override
    public String subject() {
        return caseId != null ? caseId.toString() : reviewItemId.toString();
    }
}
