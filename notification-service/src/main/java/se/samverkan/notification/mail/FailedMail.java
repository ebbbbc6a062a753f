package se.samverkan.notification.mail;

import se.samverkan.notification.routing.NotificationKind;

import java.time.Instant;
import java.util.UUID;

/**
 * What an operator needs to decide on a delivery that did not go out: no message, no address.
 *
 * @param kind null for a mail that is only a nudge (a nudge-only kind, a case with protected identity): what the mail
 *             does not say, its operator is not told either
 */
public record FailedMail(UUID id, UUID notificationId, String recipientUserId, NotificationKind kind, String status,
                         int attempts, String lastError, Instant createdAt) {
}
