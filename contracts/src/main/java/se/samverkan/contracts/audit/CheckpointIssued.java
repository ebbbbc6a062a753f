package se.samverkan.contracts.audit;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The audit log signed a new checkpoint. */
@IntegrationEventType("se.samverkan.audit.checkpoint-issued.v1")
public record CheckpointIssued(
        String origin,
        long treeSize,
        String rootHash,
        String signedNote,
        Instant issuedAt) implements AuditIntegrationEvent {
    @Override
    public String subject() {
        return origin;
    }
}
