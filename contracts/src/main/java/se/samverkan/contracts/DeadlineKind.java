package se.samverkan.contracts;

public enum DeadlineKind {
    PRELIMINARY_ASSESSMENT,
    INVESTIGATION,
    FIRST_FAMILY_CONTACT,
    LUL_POLICE_INVESTIGATION,
    LUL_STATEMENT_TO_PROSECUTOR,
    FOLLOW_UP,
    /** The same-day safety assessment (skyddsbedömning, SoL 11 kap. 1 a §) of a report or concern received. */
    SAFETY_ASSESSMENT
}
