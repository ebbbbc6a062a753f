package se.samverkan.cases.domain;

import se.samverkan.platform.problem.ClientProblem;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The day a milestone (a family contact, a follow-up) happened must lie within the case: not after today, since it has
 * to have happened, and not before the case was opened, since the effect figures count days from the case's start and
 * a negative count would be a recording error, not a fast intervention.
 */
final class MilestoneDates {

    private MilestoneDates() {
    }

    static void requireWithinCase(CaseFile file, LocalDate on, CaseCalendar calendar, Instant now, String what) {
        LocalDate today = calendar.dayOf(now);
        if (on.isAfter(today)) {
            throw ClientProblem.ruleViolation("date-in-future", "A " + what + " is recorded once it has happened: " + on
                    + " is after today (" + today + ")");
        }
        LocalDate opened = calendar.dayOf(file.openedAt());
        if (on.isBefore(opened)) {
            throw ClientProblem.ruleViolation("date-before-case", "The " + what + " date " + on
                    + " is before the case was opened (" + opened + "); record it on the case it belongs to");
        }
    }
}
