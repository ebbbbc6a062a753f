package se.samverkan.platform.web;

import io.micrometer.core.instrument.Counter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the API requests one instance works on at once. With virtual threads nothing else does: every accepted
 * connection got a thread, every thread waited for a database connection holding its request in memory, and an
 * open-loop client ran the service out of heap (issue 12). A request that finds no free slot within the short queue
 * wait is answered 503 with Retry-After before anything reads its body or checks its token, which costs next to
 * nothing; {@code /actuator} (health probes, metrics) is never limited, so a saturated instance is seen as alive and
 * busy rather than dead. A request that goes asynchronous (a live stream) frees its slot when the handler returns.
 */
public class InFlightLimit extends OncePerRequestFilter {

    private final Semaphore slots;
    private final long queueNanos;
    private final long retryAfterSeconds;
    private final Counter shed;

    public InFlightLimit(HttpLoadLimits limits, Counter shed) {
        // fair: whoever waited longest gets the next free slot, so the queue wait really is bounded per request
        this.slots = new Semaphore(limits.maxInFlight(), true);
        this.queueNanos = limits.queueTimeout().toNanos();
        this.retryAfterSeconds = limits.shedRetryAfterSeconds();
        this.shed = shed;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return PathsNeverLimited.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(queueNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            shed.increment();
            LoadRefusals.overloaded(response, retryAfterSeconds);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            slots.release();
        }
    }

    /** Slots free now; for tests and a gauge. */
    public int available() {
        return slots.availablePermits();
    }
}
