package se.samverkan.audit.review;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One thing a compliance officer should look at. The source event is the first occurrence; grouped rules attach
 * later ones, counted in {@code occurrenceCount} and listed (with a single item only) in {@code occurrences}.
 * {@code municipality} owns the item (the case's); {@code decidedBy} is the user id of the officer who decided it, and
 * {@code decision} the decision as the log holds it (null while the item is open).
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
        Decision decision,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Occurrence> occurrences) {

    public record Occurrence(long leafIndex, UUID eventId, UUID caseId, Instant occurredAt) {
    }

    /**
     * The decision, read from its signed entry. {@code outcome} is one of {@link ReviewDecision.Outcome} (null if the
     * entry holds anything else). {@code comment} is the officer's explanation while it is kept and matches the digest
     * in the entry ({@code commentStatus} KEPT), or as a decision written before comments left the log holds it
     * (IN_LOG); null once erased ({@code commentStatus} ERASED, {@code commentErasedAt} when), or when no kept text
     * matches (MISSING, UNVERIFIABLE).
     */
    public record Decision(long leafIndex, UUID eventId, String decidedBy, Instant decidedAt, String outcome, String comment,
                           ReviewComments.Status commentStatus, Instant commentErasedAt) {
    }

    public boolean reviewed() {
        return decisionLeafIndex != null;
    }

    ReviewItem withOccurrenceCount(long count, Instant last) {
        return new ReviewItem(id, rule, description, caseId, owningUnit, municipality, actorUserId, sourceEventId,
                sourceLeafIndex, detail, raisedAt, decisionLeafIndex, decidedBy, count, last, decision, occurrences);
    }

    ReviewItem withOccurrences(List<Occurrence> all) {
        return new ReviewItem(id, rule, description, caseId, owningUnit, municipality, actorUserId, sourceEventId,
                sourceLeafIndex, detail, raisedAt, decisionLeafIndex, decidedBy, occurrenceCount, lastOccurredAt, decision, all);
    }

    ReviewItem withDecision(Decision read) {
        return new ReviewItem(id, rule, description, caseId, owningUnit, municipality, actorUserId, sourceEventId,
                sourceLeafIndex, detail, raisedAt, decisionLeafIndex, decidedBy, occurrenceCount, lastOccurredAt, read, occurrences);
    }
}
