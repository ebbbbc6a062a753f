package se.samverkan.signing;

import java.util.Map;
import java.util.Optional;

/**
 * The topics and which integration event type travels on which, as plain data: the one statement of "what may be
 * said where" that the services (contracts' {@code Topics} and {@code EventTypes} read it) and the offline verifier
 * (which has no Jackson and no contract records) share. contracts' {@code EventTopicsAgreeWithEventTypesTest} fails
 * when a contract type is added without a line here, or the other way round.
 */
public final class EventTopics {

    public static final String CASE_EVENTS = "samverkan.case.events";
    public static final String ACCESS_EVENTS = "samverkan.access.events";
    public static final String AUDIT_CHECKPOINTS = "samverkan.audit.checkpoints";
    public static final String AUDIT_EVENTS = "samverkan.audit.events";
    /** Written only by notification-service: its administrators' audited edits of its directory copy. */
    public static final String NOTIFICATION_EVENTS = "samverkan.notification.events";

    private static final Map<String, String> TOPIC_OF_TYPE = Map.ofEntries(
            Map.entry("se.samverkan.case.case-opened.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.case-team-changed.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.case-phase-changed.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.case-closed.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.case-reopened.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.case-shared.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.case-share-ended.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.note-recorded.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.measure-recorded.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.consent-recorded.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.consent-withdrawn.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.referral-awaiting-approval.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.protection-lowering-requested.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.protection-changed.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.referral-sent.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.referral-acknowledged.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.referral-accepted.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.referral-declined.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.police-feedback-posted.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.referral-completed.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.referral-revoked.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.police-report-received.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.deadline-scheduled.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.deadline-approaching.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.deadline-missed.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.deadline-met.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.case-data-cleared.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.report-received.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.report-status-changed.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.publication-manifest.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.coordination-meeting-recorded.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.commitment-made.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.commitment-due-soon.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.commitment-overdue.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.commitment-reported-done.v1", CASE_EVENTS),
            Map.entry("se.samverkan.case.commitment-followed-up.v1", CASE_EVENTS),
            Map.entry("se.samverkan.access.access-recorded.v1", ACCESS_EVENTS),
            Map.entry("se.samverkan.access.directory-entry-changed.v1", NOTIFICATION_EVENTS),
            Map.entry("se.samverkan.audit.checkpoint-issued.v1", AUDIT_CHECKPOINTS),
            Map.entry("se.samverkan.audit.checkpoint-cosigned.v1", AUDIT_CHECKPOINTS),
            Map.entry("se.samverkan.audit.review-item-raised.v1", AUDIT_EVENTS),
            Map.entry("se.samverkan.case.effect-figures-published.v1", CASE_EVENTS));

    /** The type prefix of each topic, for types not known to this build. */
    private static final Map<String, String> NAMESPACES = Map.of(
            CASE_EVENTS, "se.samverkan.case.",
            ACCESS_EVENTS, "se.samverkan.access.",
            AUDIT_EVENTS, "se.samverkan.audit.",
            AUDIT_CHECKPOINTS, "se.samverkan.audit.",
            NOTIFICATION_EVENTS, "se.samverkan.notification.");

    private EventTopics() {
    }

    /** The topic a known integration event type travels on; empty for a type this build does not know. */
    public static Optional<String> topicOf(String type) {
        return Optional.ofNullable(TOPIC_OF_TYPE.get(type));
    }

    /** Every known type and its topic. */
    public static Map<String, String> knownTypes() {
        return TOPIC_OF_TYPE;
    }

    /** The prefix every type on the topic has (e.g. {@code se.samverkan.case.}), or null for a topic not ours. */
    public static String namespaceOf(String topic) {
        return NAMESPACES.get(topic);
    }
}
