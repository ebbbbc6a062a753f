package se.samverkan.notification.inbox;

import se.samverkan.notification.routing.NotificationKind;

import java.time.Instant;
import java.util.UUID;

/**
 * @param mail the e-mail delivery of this item, or null when the recipient does not get this kind by mail
 */
public record InboxItem(
        UUID id,
        NotificationKind kind,
        UUID caseId,
        UUID referralId,
        String message,
        String link,
        boolean read,
        Instant createdAt,
        Instant readAt,
        MailStatus mail) {

    public record MailStatus(String status, int attempts, Instant sentAt) {
    }
}
