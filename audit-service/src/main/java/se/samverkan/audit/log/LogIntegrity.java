package se.samverkan.audit.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;
import se.samverkan.audit.tlog.MerkleProofs;

import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks, at start and on each health probe at most once a minute, that the stored tree still has the root of the
 * latest signed checkpoint. A mismatch means someone changed the tables behind the service's back; the health
 * turns DOWN so operators notice, while the signed checkpoints keep the evidence.
 */
@Component("auditLogIntegrity")
public class LogIntegrity implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(LogIntegrity.class);
    private static final long RECHECK_MILLIS = 60_000;

    private record Verdict(Health health, long checkedAt) {
    }

    private final LogStore store;
    private final AtomicReference<Verdict> last = new AtomicReference<>();

    public LogIntegrity(LogStore store) {
        this.store = store;
    }

    @Override
    public Health health() {
        Verdict verdict = last.get();
        if (verdict == null || System.currentTimeMillis() - verdict.checkedAt() > RECHECK_MILLIS) {
            verdict = new Verdict(check(), System.currentTimeMillis());
            last.set(verdict);
        }
        return verdict.health();
    }

    public Health check() {
        try {
            return store.latestCheckpoint().map(checkpoint -> {
                byte[] root = new MerkleProofs(store).root(checkpoint.treeSize());
                if (MessageDigest.isEqual(root, checkpoint.rootHash())) {
                    return Health.up().withDetail("checkpointTreeSize", checkpoint.treeSize()).build();
                }
                log.error("The stored audit tree does not match the signed checkpoint at tree size {}: the tables were altered",
                        checkpoint.treeSize());
                return Health.down().withDetail("checkpointTreeSize", checkpoint.treeSize())
                        .withDetail("problem", "stored tree does not match the signed checkpoint").build();
            }).orElseGet(() -> Health.up().withDetail("checkpointTreeSize", 0).build());
        } catch (IllegalStateException missingNode) {
            log.error("The stored audit tree is missing nodes: the tables were altered");
            return Health.down().withDetail("problem", "stored tree is missing nodes").build();
        }
    }
}
