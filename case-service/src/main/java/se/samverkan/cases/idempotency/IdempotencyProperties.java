package se.samverkan.cases.idempotency;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code keep}: how long a key's answer is kept for a retry; a request retried later runs as a new one. {@code sweepEvery}:
 * how often answers older than that are deleted.
 */
@ConfigurationProperties("samverkan.cases.idempotency")
public record IdempotencyProperties(@DefaultValue("24h") Duration keep, @DefaultValue("10m") Duration sweepEvery) {

    public IdempotencyProperties {
        if (!keep.isPositive() || !sweepEvery.isPositive()) {
            throw new IllegalArgumentException("samverkan.cases.idempotency.keep and .sweep-every must be positive, were "
                    + keep + " and " + sweepEvery);
        }
    }
}
