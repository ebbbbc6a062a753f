package se.samverkan.contracts.effects;

/** Whether a figure is shown, and if not, why; a figure that is not shown has no value (never 0 in its place). */
public enum FigureStatus {
    SHOWN,
    /** Fewer than the threshold of people in a group the figure would reveal, or hidden so another could not be derived. */
    SUPPRESSED,
    /** The follow-up window (6 or 12 months after the last possible first report of the period) has not closed yet. */
    NOT_YET_MEASURABLE,
    /** Nobody to measure (e.g. a median over nobody who reached the milestone). */
    NOT_APPLICABLE
}
