package se.samverkan.cases.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Which calendar day an instant falls on for this service: the one configured zone (the zone of the service's
 * {@link Clock}), so deadlines, consent validity and "today" never depend on a constant or on the host's zone.
 * The aggregate gets it as a handler parameter (a Spring bean in the service, a resource in tests).
 */
public record CaseCalendar(ZoneId zone) {

    public CaseCalendar {
        Objects.requireNonNull(zone, "zone");
    }

    public static CaseCalendar of(Clock clock) {
        return new CaseCalendar(clock.getZone());
    }

    public LocalDate dayOf(Instant at) {
        return LocalDate.ofInstant(at, zone);
    }
}
