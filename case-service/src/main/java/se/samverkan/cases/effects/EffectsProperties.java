package se.samverkan.cases.effects;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import se.samverkan.contracts.effects.CohortPeriod;

import java.time.Duration;

/**
 * The effect figures (issue 15), {@code samverkan.cases.effects}.
 *
 * @param periodLength           how long a cohort period is; one length for every figure (nested periods could be
 *                               subtracted from each other). Changing it lets old and new periods be compared that way:
 *                               choose it once
 * @param suppressionThreshold   a group of fewer people than this is suppressed; at least 5
 * @param jointMeetingTargetDays the target for the first joint meeting, days from the case's start (the family contact
 *                               target is {@code samverkan.cases.first-family-contact-days})
 * @param maxPeriods             at most this many periods in one answer
 * @param publicationPeriods     a monthly publication holds this many complete periods, the latest last
 * @param publicationInterval    how often the publisher looks for a month without its publication, and for unsent ones
 * @param publicationEnabled     whether monthly publications are made and sent
 * @param showIncompletePeriods  also show the period still running; only in development mode (the local stack's
 *                               walk-through), since its figures change day by day and would let a reader difference
 *                               the newest people out of them
 */
@ConfigurationProperties("samverkan.cases.effects")
public record EffectsProperties(
        @DefaultValue("QUARTER") CohortPeriod periodLength,
        @DefaultValue("5") int suppressionThreshold,
        @DefaultValue("14") int jointMeetingTargetDays,
        @DefaultValue("40") int maxPeriods,
        @DefaultValue("8") int publicationPeriods,
        @DefaultValue("1h") Duration publicationInterval,
        @DefaultValue("true") boolean publicationEnabled,
        @DefaultValue("false") boolean showIncompletePeriods) {

    public EffectsProperties {
        if (suppressionThreshold < 5) {
            throw new IllegalArgumentException("samverkan.cases.effects.suppression-threshold must be at least 5 (was "
                    + suppressionThreshold + "): groups of fewer than 5 people are never shown");
        }
        if (maxPeriods < 1 || publicationPeriods < 1 || publicationPeriods > maxPeriods) {
            throw new IllegalArgumentException("samverkan.cases.effects: max-periods and publication-periods must be at least 1,"
                    + " and publication-periods at most max-periods");
        }
    }
}
