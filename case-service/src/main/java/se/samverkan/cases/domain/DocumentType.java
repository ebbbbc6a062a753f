package se.samverkan.cases.domain;

/**
 * The kinds of document a case's personal data belongs to. Retention (gallring) is set per program and document
 * type, and each subject has one data key per type, so a type can be cleared before the rest of a case.
 */
public enum DocumentType {
    /** Who the subject is: identity number, name, date of birth, guardians, contact and address. */
    IDENTITY,
    /** Journal notes and their corrections. */
    JOURNAL,
    MEASURES,
    CONSENTS,
    /** What was shared with the police: referral snapshots, summaries, risk assessments, police reports and feedback. */
    REFERRALS,
    /** Free-text reasons and weighings of interests. */
    OTHER
}
