package se.samverkan.cases.access;

/** Parts of a case that are shown or hidden together. */
public enum FieldGroup {
    /** Ids, program, unit, phase, status, dates, team: no personal data. */
    METADATA,
    /** Name, personnummer, date of birth, guardians. */
    IDENTITY,
    /** Address and location: hidden outside the case team when the identity is protected. */
    CONTACT,
    /** Notes and measures. */
    CONTENT,
    CONSENTS,
    REFERRALS,
    /**
     * That the subject has cases in other units of the municipality (unit codes only), so the owning unit knows whom
     * to ask: for the owning unit's social workers and supervisor, never for anyone else.
     */
    OTHER_UNITS,
    /** Only the shared categories of one referral, as the police see it. */
    REFERRAL_SNAPSHOT,
    /** A partner's view: the owner's notes marked shareable (category {@code CASE_SUMMARY} shared). */
    SHARED_NOTES,
    /** A partner's view: the owner's measures (category {@code MEASURES} shared). */
    SHARED_MEASURES,
    /** A partner's own section (its share, notes and measures, the cost records); the owner reads it as {@link #CONTENT}. */
    PARTNER_SECTION,
    /**
     * A participant's own commitment of a joint action plan (what, by when, its text, its status), through a consent
     * naming their organisation that covers {@code MEASURES} (issue 15); the case team reads commitments as {@link #CONTENT}.
     */
    COMMITMENT,
    /** What the meeting behind a participant's commitment agreed, when their consent also covers {@code CASE_SUMMARY}. */
    MEETING_AGREEMENT,
    /** The municipality's cohort figures (issue 15): aggregates of groups of people, no case and no person. */
    EFFECT_FIGURES,
    /** A partner's view: the risk assessment given with its share (category {@code RISK_ASSESSMENT} shared). */
    SHARED_RISK_ASSESSMENT
}
