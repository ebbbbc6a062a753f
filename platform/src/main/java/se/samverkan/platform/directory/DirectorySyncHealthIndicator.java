package se.samverkan.platform.directory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * DOWN once the directory has not been synced for three intervals: routing then works from a stale picture of who
 * works where. Only in the overall health, not in the liveness / readiness probes: a stale directory is a reason to
 * alert, not to stop serving inboxes.
 */
public class DirectorySyncHealthIndicator implements HealthIndicator {

    private final KeycloakDirectorySync sync;
    private final KeycloakDirectoryProperties properties;
    private final Clock clock;

    public DirectorySyncHealthIndicator(KeycloakDirectorySync sync, KeycloakDirectoryProperties properties, Clock clock) {
        this.sync = sync;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Health health() {
        KeycloakDirectorySync.Status status = sync.status();
        Duration allowed = properties.initialDelay().plus(properties.interval().multipliedBy(3));
        Health.Builder health;
        if (status.lastAttempt() == null) {
            health = Health.unknown();
        } else if (status.lastSuccess() != null && status.lastSuccess().plus(allowed).isAfter(clock.instant())) {
            health = Health.up();
        } else if (status.lastSuccess() == null && status.lastAttempt().plus(allowed).isAfter(clock.instant())) {
            health = Health.unknown();
        } else {
            health = Health.down();
        }
        health.withDetail("realm", properties.realm());
        detail(health, "lastAttempt", status.lastAttempt());
        detail(health, "lastSuccess", status.lastSuccess());
        if (status.lastResult() != null) {
            health.withDetail("synced", status.lastResult().synced()).withDetail("skipped", status.lastResult().skipped())
                    .withDetail("deactivated", status.lastResult().deactivated());
        }
        if (status.lastError() != null) {
            health.withDetail("lastError", status.lastError());
        }
        return health.build();
    }

    private static void detail(Health.Builder health, String name, Instant value) {
        if (value != null) {
            health.withDetail(name, value.toString());
        }
    }
}
