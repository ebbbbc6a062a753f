package se.samverkan.contracts;

import se.samverkan.signing.EventTopics;

/** The topic names, stated once in event-signing's {@link EventTopics} (plain data the offline verifier reads too). */
public final class Topics {

    public static final String CASE_EVENTS = EventTopics.CASE_EVENTS;
    public static final String ACCESS_EVENTS = EventTopics.ACCESS_EVENTS;
    public static final String AUDIT_CHECKPOINTS = EventTopics.AUDIT_CHECKPOINTS;
    public static final String AUDIT_EVENTS = EventTopics.AUDIT_EVENTS;
    /** Written only by notification-service: its administrators' audited edits of its directory copy. */
    public static final String NOTIFICATION_EVENTS = EventTopics.NOTIFICATION_EVENTS;

    private Topics() {
    }

    /** One dead-letter topic per consumer group, e.g. {@code samverkan.dlt.audit-service}. */
    public static String deadLetter(String consumerGroup) {
        return "samverkan.dlt." + consumerGroup;
    }
}
