package se.samverkan.notification.routing;

import java.util.Objects;
import java.util.UUID;

/** One notification for one person, derived from one integration event. */
public record PlannedNotification(
        String recipientUserId,
        NotificationKind kind,
        UUID caseId,
        UUID referralId,
        String message,
        String link) {

    public PlannedNotification {
        Objects.requireNonNull(recipientUserId, "recipientUserId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
