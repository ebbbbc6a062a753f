package se.samverkan.audit.review;

/** Why an entry needs a compliance officer's eyes. */
public enum ReviewRule {
    BREAK_GLASS("Break-glass access to a case"),
    OUTSIDE_CASE_TEAM("Access by a social worker who is not on the case team"),
    AFTER_CONSENT_WITHDRAWAL("Access resting on a referral whose consent has been withdrawn"),
    DENIED_ATTEMPT("Denied attempt to reach case data"),
    UNUSUAL_VOLUME("Many different subjects accessed by one person in a short time"),
    UNUSUAL_HOURS("Access outside working hours"),
    MALFORMED_EVENT("An event the audit log could not read was dead-lettered"),
    FORGED_EVENT("A record whose producer could not be proven (unsigned, untrusted key, wrong source, type or topic, or a bad signature) was refused and dead-lettered"),
    RECONCILIATION_DISCREPANCY("The audit log and case-service's publication manifests disagree (a missing or unaccounted event, a missing manifest, or manifests whose position ranges do not follow on)"),
    WITNESS_ALARM("A log this one witnesses (or a witness of this log) showed a validly signed checkpoint that contradicts one already cosigned: its history was rewritten, rolled back or forked"),
    SUBJECT_ACCESS_EXPORT("A subject access export of a person's data across cases"),
    PARTNER_ACCESS("Access to a shared case by a partner municipality's staff"),
    PARTNER_STAFF_ACCESS("Access by your staff to a case another municipality shared with you"),
    LEGAL_BASIS_CATALOGUE_CHANGED("The municipality's legal-basis catalogue was changed: a provision added, changed or retired");

    private final String description;

    ReviewRule(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
