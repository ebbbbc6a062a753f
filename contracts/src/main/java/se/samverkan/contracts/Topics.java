package se.samverkan.contracts;

public final class Topics {

    public static final String CASE_EVENTS = "samverkan.case.events";
    public static final String ACCESS_EVENTS = "samverkan.access.events";
    public static final String AUDIT_CHECKPOINTS = "samverkan.audit.checkpoints";
    public static final String AUDIT_EVENTS = "samverkan.audit.events";
    /** Written only by notification-service: its administrators' audited edits of its directory copy. */
    public static final String NOTIFICATION_EVENTS = "samverkan.notification.events";

    private Topics() {
    }

    /** One dead-letter topic per consumer group, e.g. {@code samverkan.dlt.audit-service}. */
    public static String deadLetter(String consumerGroup) {
        return "samverkan.dlt." + consumerGroup;
    }
}
