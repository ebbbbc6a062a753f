package se.samverkan.notification.preferences;

import jakarta.validation.constraints.NotNull;
import se.samverkan.notification.routing.NotificationKind;

import java.util.EnumSet;
import java.util.Set;

/** Which kinds of notification a user also wants by e-mail, and how. The inbox always gets everything. */
public record MailPreferences(
        @NotNull @jakarta.validation.constraints.Size(max = 50) Set<@NotNull NotificationKind> mailKinds,
        @NotNull MailDelivery delivery) {

    public MailPreferences {
        mailKinds = mailKinds == null ? null : mailKinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(mailKinds));
    }

    public boolean wantsMail(NotificationKind kind) {
        return mailKinds.contains(kind);
    }
}
