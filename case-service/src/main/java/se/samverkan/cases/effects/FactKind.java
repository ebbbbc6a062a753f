package se.samverkan.cases.effects;

/**
 * The kinds of per-person facts the effect figures are computed from, keyed by pseudonyms only. Only what a figure
 * needs is kept (data minimisation): no measure types, outcomes or texts.
 */
public enum FactKind {
    /** A report or concern about the young person reached the case ({@code code}: the reporting agency, e.g. POLICE; concern types). */
    REPORT_RECEIVED,
    FAMILY_CONTACT,
    /** A joint meeting with the police or the partners of a joint action plan. */
    JOINT_MEETING,
    ACTION_PLAN_AGREED,
    /** {@code ref}: the commitment (keyed), so a later follow-up of the same commitment replaces the earlier one. */
    COMMITMENT_MADE,
    COMMITMENT_KEPT,
    COMMITMENT_PARTLY_KEPT,
    COMMITMENT_NOT_KEPT,
    /** {@code code}: a {@code SchoolWorkStatus}. */
    FOLLOW_UP_STATUS,
    /**
     * Derived, never mapped: a police report about the same young person received after the cohort case's start and
     * within 12 months of it, recorded on that cohort case (whichever case the report itself reached).
     */
    NEW_POLICE_REPORT
}
