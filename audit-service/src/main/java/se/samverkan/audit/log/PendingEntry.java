package se.samverkan.audit.log;

import se.samverkan.contracts.IntegrationEvent;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * An entry waiting for its leaf index, or one re-read from its stored bytes. {@code bytes} are exactly what is
 * stored and hashed; every other field is derived from them by {@link Entries} (the one place that says what an
 * entry is about), so a search column can always be checked against, or recomputed from, the signed bytes.
 * {@code caseMunicipality} is the municipality that owns the case the entry is about, {@code actorMunicipality} the
 * acting person's; together they decide which municipality's compliance officers may read the entry.
 * {@code producerKeyId} is the event key id the bytes' producer signature names ({@code <service>/<label>}; null
 * for an entry stored before producers signed): at ingest it is the key that verified, later it is what the bytes
 * say, which the Merkle tree fixes and the offline verifier checks against the public keys. {@code internalData} is
 * the data of an entry this service wrote itself (a review decision, a reconciliation finding, a witness alarm, a
 * refused record), which the review rules read; null for every entry that came from another service.
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
        JsonNode internalData,
        IntegrationEvent event,
        String caseMunicipality,
        String actorMunicipality,
        String producerKeyId) {
}
