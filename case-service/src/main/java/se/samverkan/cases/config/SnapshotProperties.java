package se.samverkan.cases.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param threshold a case is snapshotted once this many events were loaded or applied since its last snapshot, so a
 *                  command or a read folds at most about this many events (SAMVERKAN_CASES_SNAPSHOTS_THRESHOLD)
 * @param keptOpened at most this many cases' latest snapshots are kept opened in memory (see
 *                   {@code OpenedSnapshotStorageEngine}), least used go first; 0 opens every snapshot on every load
 *                   (SAMVERKAN_CASES_SNAPSHOTS_KEPTOPENED)
 * @param catchUp whether a job snapshots, 30 s after start and every 6 h ({@code catch-up-delay},
 *                {@code catch-up-interval}), the cases whose usable snapshot lags more than the threshold (see
 *                {@code LateSnapshots}) (SAMVERKAN_CASES_SNAPSHOTS_CATCHUP)
 */
@ConfigurationProperties("samverkan.cases.snapshots")
public record SnapshotProperties(@DefaultValue("50") int threshold, @DefaultValue("2000") int keptOpened,
                                 @DefaultValue("true") boolean catchUp) {

    public SnapshotProperties {
        if (threshold < 1) {
            throw new IllegalArgumentException("samverkan.cases.snapshots.threshold must be at least 1, not " + threshold);
        }
        if (keptOpened < 0) {
            throw new IllegalArgumentException("samverkan.cases.snapshots.kept-opened must be at least 0, not " + keptOpened);
        }
    }
}
