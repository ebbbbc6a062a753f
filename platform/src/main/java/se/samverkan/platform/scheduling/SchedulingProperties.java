package se.samverkan.platform.scheduling;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code poolSize}: scheduled jobs that may run at once; a service has fewer jobs than the default, so none waits for another. */
@ConfigurationProperties("samverkan.scheduling")
public record SchedulingProperties(@DefaultValue("8") int poolSize) {

    public SchedulingProperties {
        if (poolSize < 1) {
            throw new IllegalArgumentException("samverkan.scheduling.pool-size must be at least 1, was " + poolSize);
        }
    }
}
