package se.samverkan.audit.review;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One thing a compliance officer should look at. The source event is the first occurrence; grouped rules attach
 * later ones, counted in {@code occurrenceCount} and listed (with a single item only) in {@code occurrences}.
 * {@code municipality} owns the item (the case's); {@code decidedBy} is the user id of the officer who decided it.
 */
public record ReviewItem(
        UUID id,
        String rule,
        String description,
        UUID caseId,
        String owningUnit,
        String municipality,
        String actorUserId,
        UUID sourceEventId,
        long sourceLeafIndex,
        String detail,
        Instant raisedAt,
        Long decisionLeafIndex,
        String decidedBy,
        long occurrenceCount,
        Instant lastOccurredAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Occurrence> occurrences) {

    public record Occurrence(long leafIndex, UUID eventId, UUID caseId, Instant occurredAt) {
    }

    public boolean reviewed() {
        return decisionLeafIndex != null;
    }

    ReviewItem withOccurrences(List<Occurrence> all) {
        return new ReviewItem(id, rule, description, caseId, owningUnit, municipality, actorUserId, sourceEventId,
                sourceLeafIndex, detail, raisedAt, decisionLeafIndex, decidedBy, occurrenceCount, lastOccurredAt, all);
    }
}
