package se.samverkan.notification.routing;

import java.util.Objects;
import java.util.UUID;

/** One item for a unit's shared queue, derived from one integration event. */
public record PlannedUnitNotification(
        UnitAudience audience,
        NotificationKind kind,
        UUID caseId,
        UUID referralId,
        String message,
        String link) {

    public PlannedUnitNotification {
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
