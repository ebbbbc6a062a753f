package se.samverkan.cases.retention;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;

/** Runs the clearing on the configured interval; each run picks up whatever became due since the last. */
@Component
class RetentionJob {

    private final Retention retention;
    private final RetentionProperties properties;
    private final Clock clock;

    RetentionJob(Retention retention, RetentionProperties properties, Clock clock) {
        this.retention = retention;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${samverkan.cases.retention.interval:6h}",
            initialDelayString = "${samverkan.cases.retention.interval:6h}")
    void run() {
        if (properties.enabled()) {
            retention.clearDue(LocalDate.now(clock));
        }
    }
}
