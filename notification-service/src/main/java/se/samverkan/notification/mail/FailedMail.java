package se.samverkan.notification.mail;

import se.samverkan.notification.routing.NotificationKind;

import java.time.Instant;
import java.util.UUID;

/** What an operator needs to decide on a delivery that did not go out: no message, no address. */
public record FailedMail(UUID id, UUID notificationId, String recipientUserId, NotificationKind kind, String status,
                         int attempts, String lastError, Instant createdAt) {
}
