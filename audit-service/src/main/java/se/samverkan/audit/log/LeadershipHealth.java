package se.samverkan.audit.log;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Which instance writes the log. A standby is alive but not ready: it takes no traffic (compliance reads are
 * themselves log entries, which only the leader can append) until it takes over. One that refuses to lead, because
 * the stored log is not what its newest signed checkpoint signs ({@link Sequencer#refusal}), is DOWN.
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
        String refusal = sequencer.refusal();
        if (refusal != null) {
            // not a standby waiting its turn: no instance may sign on from this log until it is restored
            return Health.down().withDetail("role", "REFUSED").withDetail("problem", refusal).build();
        }
        return Health.outOfService().withDetail("role", "STANDBY").build();
    }
}
