package se.samverkan.audit.log;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Pace of the background re-verification of every stored entry ({@link LogIntegrity}). One pass over the whole log
 * takes about size / entries-per-check x check-every; the defaults (20,000 entries every 5 s, 240,000 a minute)
 * keep a log of that size within the minute in which a changed byte must turn the health DOWN.
 */
@ConfigurationProperties("samverkan.audit.integrity")
public record IntegrityProperties(
        @DefaultValue("5s") Duration checkEvery,
        @DefaultValue("20000") int entriesPerCheck) {

    public IntegrityProperties {
        if (entriesPerCheck < 1 || checkEvery.isNegative() || checkEvery.isZero()) {
            throw new IllegalArgumentException("samverkan.audit.integrity.check-every and entries-per-check must be positive");
        }
    }
}
