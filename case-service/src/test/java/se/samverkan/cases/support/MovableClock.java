package se.samverkan.cases.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The service's clock in the ITs: the system clock plus an offset a test may set for a moment (a consent that is
 * valid today is expired two days later), without sleeping. Tests put it back in a finally block.
 */
public final class MovableClock extends Clock {

    private final Clock system;
    private volatile Duration offset = Duration.ZERO;

    public MovableClock(Clock system) {
        this.system = system;
    }

    public void moveForward(Duration by) {
        offset = by;
    }

    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public ZoneId getZone() {
        return system.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        MovableClock clock = new MovableClock(system.withZone(zone));
        clock.offset = offset;
        return clock;
    }

    @Override
    public Instant instant() {
        return system.instant().plus(offset);
    }
}
