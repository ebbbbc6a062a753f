package se.samverkan.notification.unitinbox;

import se.samverkan.notification.routing.NotificationKind;

import java.time.Instant;
import java.util.UUID;

/** @param claimedBy user id of the member who took the item on, or null while it is open */
public record UnitInboxItem(
        UUID id,
        NotificationKind kind,
        UUID caseId,
        UUID referralId,
        String message,
        String link,
        Instant createdAt,
        String claimedBy,
        Instant claimedAt) {

    public boolean claimed() {
        return claimedBy != null;
    }
}
