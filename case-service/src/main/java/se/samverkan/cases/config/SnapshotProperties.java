package se.samverkan.cases.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param threshold a case is snapshotted once this many events were loaded or applied since its last snapshot, so a
 *                  command or a read folds at most about this many events (SAMVERKAN_CASES_SNAPSHOTS_THRESHOLD)
 */
@ConfigurationProperties("samverkan.cases.snapshots")
public record SnapshotProperties(@DefaultValue("50") int threshold) {

    public SnapshotProperties {
        if (threshold < 1) {
            throw new IllegalArgumentException("samverkan.cases.snapshots.threshold must be at least 1, not " + threshold);
        }
    }
}
