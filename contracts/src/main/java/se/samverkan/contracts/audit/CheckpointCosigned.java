package se.samverkan.contracts.audit;

import se.samverkan.contracts.*;
import java.time.Instant;

/**
 * This audit log, as a witness, cosigned another log's checkpoint (C2SP cosignature/v1) after verifying the log's
 * signature and a consistency proof from the last checkpoint it cosigned for that origin.
 */
@IntegrationEventType("se.samverkan.audit.checkpoint-cosigned.v1")
public record CheckpointCosigned(
        String origin,
        long treeSize,
        String rootHash,
        String witness,
        String witnessKey,
        String cosignature,
        String cosignedNote,
        Instant cosignedAt) implements AuditIntegrationEvent {
    @Override
    public String subject() {
        return origin;
    }
}
