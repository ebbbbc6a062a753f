package se.samverkan.notification.preferences;

public enum MailDelivery {
    /** One e-mail per notification, as soon as it exists. */
    IMMEDIATE,
    /** One e-mail a day listing the notifications since the last one. */
    DAILY_DIGEST
}
