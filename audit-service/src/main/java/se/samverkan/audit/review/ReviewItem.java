package se.samverkan.audit.review;

import java.time.Instant;
import java.util.UUID;

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
        Long decisionLeafIndex) {

    public boolean reviewed() {
        return decisionLeafIndex != null;
    }
}
