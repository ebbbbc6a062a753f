package se.samverkan.audit.log;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The log's identity and pace. The signing key has no default (a published key would let anyone forge checkpoints):
 * SAMVERKAN_AUDIT_SIGNING_KEY is checked at start-up by {@link AuditServiceSecrets}.
 */
@ConfigurationProperties("samverkan.audit")
public record AuditProperties(
        @DefaultValue("samverkan.local/audit") String origin,
        String signingKey,
        @DefaultValue("50") int batchSize,
        @DefaultValue("1000") int checkpointEveryEntries,
        @DefaultValue("10s") Duration checkpointEvery,
        @DefaultValue("10s") Duration appendTimeout,
        @DefaultValue("2s") Duration leaderCheckEvery) {

    public AuditProperties {
        if (batchSize < 1 || checkpointEveryEntries < 1) {
            throw new IllegalArgumentException("samverkan.audit.batch-size and checkpoint-every-entries must be positive");
        }
    }
}
