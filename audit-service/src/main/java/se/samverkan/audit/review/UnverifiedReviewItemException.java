package se.samverkan.audit.review;

import java.util.UUID;

/**
 * A review item row whose seal does not verify ({@link ReviewQueueIntegrity}): not an item this log raised, so it is
 * neither shown nor decided. Not the client's mistake, nor one a retry mends: the stored row is at fault, and the
 * security alarm is already raised. Carries the item's id only, never a column of the row.
 */
public class UnverifiedReviewItemException extends RuntimeException {

    private final UUID itemId;

    public UnverifiedReviewItemException(UUID itemId) {
        super("review item " + itemId + " does not verify against its seal");
        this.itemId = itemId;
    }

    public UUID itemId() {
        return itemId;
    }
}
