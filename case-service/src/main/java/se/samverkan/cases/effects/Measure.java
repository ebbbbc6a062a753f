package se.samverkan.cases.effects;

/**
 * What is counted of each cohort case, as a histogram of values per cohort cell: the one form both the live facts and
 * the folded aggregates of cleared cases take, so a figure is computed the same way before and after retention.
 */
public enum Measure {
    /** value {@code ALL}: the case counts as one person. */
    PEOPLE,
    /** value: days from the case's start to its first family contact, or {@code NONE}. */
    FAMILY_CONTACT_DAYS,
    JOINT_MEETING_DAYS,
    /** {@code YES} / {@code NO}. */
    ACTION_PLAN,
    /** {@code kept:partly:notKept} counts of the case's commitments followed up (their latest outcome). */
    COMMITMENTS,
    /** {@code YES} / {@code NO}: a new police report within 6 months of the start. */
    NEW_POLICE_REPORT_6,
    NEW_POLICE_REPORT_12,
    /** the latest {@code SchoolWorkStatus} recorded at follow-up, or {@code NONE}. */
    FOLLOW_UP_STATUS;

    public static final String NONE = "NONE";
    public static final String YES = "YES";
    public static final String NO = "NO";
    public static final String ALL = "ALL";
}
