package se.samverkan.audit.log;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Which instance writes the log. A standby is alive but not ready: it takes no traffic (compliance reads are
 * themselves log entries, which only the leader can append) until it takes over.
 */
@Component("auditLogLeadership")
public class LeadershipHealth implements HealthIndicator {

    private final Sequencer sequencer;

    public LeadershipHealth(Sequencer sequencer) {
        this.sequencer = sequencer;
    }

    @Override
    public Health health() {
        if (sequencer.isLeader()) {
            return Health.up().withDetail("role", "LEADER").withDetail("treeSize", sequencer.size()).build();
        }
        return Health.outOfService().withDetail("role", "STANDBY").build();
    }
}
