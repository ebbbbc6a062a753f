package se.samverkan.cases.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param fetchDelay how long the event store waits, with nothing committed on this instance, before it reads the store
 *                   again for events another instance committed (SAMVERKAN_CASES_EVENTSTORE_FETCHDELAY). A commit on
 *                   this instance wakes it at once; the wait bounds the delay before an event written by another
 *                   replica reaches this instance's processors (its audit entry, its inbox item, the case list)
 */
@ConfigurationProperties("samverkan.cases.event-store")
public record EventStoreProperties(@DefaultValue("100ms") Duration fetchDelay) {

    public EventStoreProperties {
        if (fetchDelay.toMillis() < 10) {
            throw new IllegalArgumentException("samverkan.cases.event-store.fetch-delay must be at least 10ms, not " + fetchDelay);
        }
    }
}
