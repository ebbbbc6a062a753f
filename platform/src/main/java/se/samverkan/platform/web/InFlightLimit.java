package se.samverkan.platform.web;

import io.micrometer.core.instrument.Counter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the API requests one instance works on at once. With virtual threads nothing else does: every accepted
 * connection got a thread, every thread waited for a database connection holding its request in memory, and an
 * open-loop client ran the service out of heap (issue 12). A request that finds no free slot within the short queue
 * wait is answered 503 with Retry-After before anything reads its body or checks its token, which costs next to
 * nothing. Probes and metrics have a port of their own, which this filter never sees; where {@code /actuator} shares
 * the API's port it is never limited ({@link PathsNeverLimited}), so a saturated instance is seen as alive and busy
 * rather than dead. A request that goes asynchronous (a live stream) frees its slot when the handler returns.
 * <p>
 * A request without a bearer token first needs one of the few anonymous slots. The public endpoints have no user whose
 * bucket could stop a flood of them, and without this share an outsider's flood queued the users' requests behind its
 * own until they were refused with it. A bearer token is only looked at, not checked, here: a made-up one takes an
 * ordinary slot, and security answers it 401 before any handler runs, public or not, which is cheap; a real one is
 * held to its user's rate.
 */
public class InFlightLimit extends OncePerRequestFilter {

    private final Semaphore slots;
    private final Semaphore anonymousSlots;
    private final long queueNanos;
    private final long retryAfterSeconds;
    private final Counter shedWithToken;
    private final Counter shedAnonymous;
    private final PathsNeverLimited neverLimited;

    InFlightLimit(HttpLoadLimits limits, PathsNeverLimited neverLimited, Counter shedWithToken, Counter shedAnonymous) {
        // fair: whoever waited longest gets the next free slot, so the queue wait really is bounded per request
        this.slots = new Semaphore(limits.maxInFlight(), true);
        this.anonymousSlots = new Semaphore(limits.maxAnonymousInFlight(), true);
        this.queueNanos = limits.queueTimeout().toNanos();
        this.retryAfterSeconds = limits.shedRetryAfterSeconds();
        this.shedWithToken = shedWithToken;
        this.shedAnonymous = shedAnonymous;
        this.neverLimited = neverLimited;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return neverLimited.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long deadline = System.nanoTime() + queueNanos;
        boolean anonymous = !bearsAToken(request);
        Counter shed = anonymous ? shedAnonymous : shedWithToken;
        if (anonymous && !acquire(anonymousSlots, queueNanos)) {
            refuse(response, shed);
            return;
        }
        try {
            if (!acquire(slots, deadline - System.nanoTime())) {
                refuse(response, shed);
                return;
            }
            try {
                chain.doFilter(request, response);
            } finally {
                slots.release();
            }
        } finally {
            if (anonymous) {
                anonymousSlots.release();
            }
        }
    }

    /** Only a bearer token gets past security to a handler as anything but anonymous; any other header is no credential here. */
    static boolean bearsAToken(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    private static boolean acquire(Semaphore semaphore, long nanos) {
        try {
            return semaphore.tryAcquire(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void refuse(HttpServletResponse response, Counter shed) throws IOException {
        shed.increment();
        LoadRefusals.overloaded(response, retryAfterSeconds);
    }

    /** Slots free now; for tests and a gauge. */
    public int available() {
        return slots.availablePermits();
    }
}
