package se.samverkan.audit.compliance;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * One log entry as the compliance API shows it; {@code event} is the stored record parsed for reading (its
 * {@code signaturekeyid} and {@code signature} included); {@code producerKeyId} is the event key the producer signed
 * it with, read from the bytes (null for an entry from before producers signed).
 */
public record EntryView(long leafIndex, UUID eventId, String source, String type, UUID caseId, UUID subjectId,
                        String actorId, String action, String legalBasis, String outcome, Instant occurredAt,
                        Instant recordedAt, String producerKeyId, JsonNode event) {
}
