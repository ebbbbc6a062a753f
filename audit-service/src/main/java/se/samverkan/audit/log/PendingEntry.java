package se.samverkan.audit.log;

import se.samverkan.contracts.IntegrationEvent;

import java.time.Instant;
import java.util.UUID;

/**
 * An entry waiting for its leaf index. {@code bytes} are exactly what will be stored and hashed; the other
 * fields are search keys extracted from them (and the typed event, when there is one, for the review rules).
 */
public record PendingEntry(
        UUID eventId,
        String source,
        String eventType,
        UUID caseId,
        UUID subjectId,
        String actorId,
        String action,
        String legalBasis,
        String outcome,
        UUID referenceId,
        Instant occurredAt,
        byte[] bytes,
        String searchJson,
        IntegrationEvent event) {
}
