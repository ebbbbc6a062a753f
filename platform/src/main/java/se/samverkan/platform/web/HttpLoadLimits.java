package se.samverkan.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How much work one instance takes on before it refuses more (issue 12: unbounded concurrency turned an overload into
 * an out-of-heap outage). Health and other {@code /actuator} paths are never limited where they share the API's port
 * ({@link PathsNeverLimited}).
 *
 * @param maxInFlight    API requests one instance works on at once (SAMVERKAN_HTTP_MAX_IN_FLIGHT); the next waits up
 *                       to {@code queueTimeout} for a slot and is then answered 503. A few times the database pool: enough
 *                       to keep the pool busy, few enough that a request never waits long for a connection.
 * @param queueTimeout   how long a request may wait for a slot (SAMVERKAN_HTTP_QUEUE_TIMEOUT); short, so overload is
 *                       answered at once instead of queued until p99 grows without bound
 * @param anonymousShare the part of {@code maxInFlight} that requests without a bearer token may take
 *                       (SAMVERKAN_HTTP_ANONYMOUS_SHARE), at least one slot: the public endpoints (the audit log's witness
 *                       API, the event signing keys) have no user to rate-limit, so an outsider's flood of them must
 *                       leave the rest of the instance to its users
 * @param shedRetryAfter the Retry-After of a 503 (SAMVERKAN_HTTP_SHED_RETRY_AFTER), whole seconds
 * @param userRate       requests per second one authenticated user may make on average (SAMVERKAN_HTTP_USER_RATE);
 *                       0 switches the per-user limit off
 * @param userBurst      requests one user may make at once above the rate (SAMVERKAN_HTTP_USER_BURST), e.g. a page
 *                       that loads several resources
 * @param trackedUsers   the most users whose buckets are kept (SAMVERKAN_HTTP_TRACKED_USERS); the least recently seen
 *                       one is dropped first, which only ever gives that user a full bucket again
 */
@ConfigurationProperties("samverkan.http")
public record HttpLoadLimits(
        @DefaultValue("32") int maxInFlight,
        @DefaultValue("100ms") Duration queueTimeout,
        @DefaultValue("0.25") double anonymousShare,
        @DefaultValue("1s") Duration shedRetryAfter,
        @DefaultValue("50") double userRate,
        @DefaultValue("100") int userBurst,
        @DefaultValue("100000") int trackedUsers) {

    public HttpLoadLimits {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("samverkan.http.max-in-flight (SAMVERKAN_HTTP_MAX_IN_FLIGHT) must be at least 1, was " + maxInFlight);
        }
        if (queueTimeout.isNegative()) {
            throw new IllegalArgumentException("samverkan.http.queue-timeout (SAMVERKAN_HTTP_QUEUE_TIMEOUT) must not be negative");
        }
        if (!(anonymousShare > 0 && anonymousShare <= 1)) {
            throw new IllegalArgumentException("samverkan.http.anonymous-share (SAMVERKAN_HTTP_ANONYMOUS_SHARE) must be above 0 and at most 1, was "
                    + anonymousShare);
        }
        if (userRate < 0 || (userRate > 0 && userBurst < 1)) {
            throw new IllegalArgumentException("samverkan.http.user-rate must be 0 (off) or positive with samverkan.http.user-burst"
                    + " at least 1 (SAMVERKAN_HTTP_USER_RATE, SAMVERKAN_HTTP_USER_BURST)");
        }
        if (trackedUsers < 1) {
            throw new IllegalArgumentException("samverkan.http.tracked-users (SAMVERKAN_HTTP_TRACKED_USERS) must be at least 1");
        }
    }

    int maxAnonymousInFlight() {
        return Math.max(1, (int) Math.floor(maxInFlight * anonymousShare));
    }

    long shedRetryAfterSeconds() {
        return Math.max(1, (shedRetryAfter.toMillis() + 999) / 1000);
    }
}
