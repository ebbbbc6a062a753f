package se.samverkan.contracts.effects;

/**
 * The figures of one cohort row. Shares are whole percentages of the row's people (or, for commitments, of the
 * commitments followed up); medians are days from the cohort case's start (its first report or intake).
 */
public enum EffectFigure {
    /** How many people the row holds. */
    PEOPLE,
    FAMILY_CONTACT_MEDIAN_DAYS,
    /** Share of the row's people whose first family contact came within the target. */
    FAMILY_CONTACT_WITHIN_TARGET_SHARE,
    JOINT_MEETING_MEDIAN_DAYS,
    JOINT_MEETING_WITHIN_TARGET_SHARE,
    ACTION_PLAN_AGREED_SHARE,
    /** Share of the commitments followed up that were kept (partly kept counts as not kept). */
    COMMITMENTS_KEPT_SHARE,
    /** Share of the row's people with a new police report within 6 months of the first. */
    NEW_POLICE_REPORT_6_MONTHS_SHARE,
    NEW_POLICE_REPORT_12_MONTHS_SHARE,
    /** Share of the row's people with a school or work status recorded at follow-up. */
    FOLLOW_UP_RECORDED_SHARE,
    /** Per {@code schoolWorkStatus}: its share of the people with a status recorded. */
    FOLLOW_UP_STATUS_SHARE
}
