package se.samverkan.audit.log;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The log's identity and pace. The default signing key is a development key, published in the README, for the
 * local stack only; every real deployment sets SAMVERKAN_AUDIT_SIGNING_KEY (and keeps it out of the repository).
 */
@ConfigurationProperties("samverkan.audit")
public record AuditProperties(
        @DefaultValue("samverkan.local/audit") String origin,
        @DefaultValue(DEV_SIGNING_KEY) String signingKey,
        @DefaultValue("50") int batchSize,
        @DefaultValue("1000") int checkpointEveryEntries,
        @DefaultValue("10s") Duration checkpointEvery,
        @DefaultValue("10s") Duration appendTimeout,
        @DefaultValue("2s") Duration leaderCheckEvery) {

    public static final String DEV_SIGNING_KEY =
            "PRIVATE+KEY+samverkan.local-audit-dev+914e6cba+AZfv7LKvFRLiR6GwEy+iuIHZtmr1Eufa6oh5WsaVA4ja";

    public AuditProperties {
        if (batchSize < 1 || checkpointEveryEntries < 1) {
            throw new IllegalArgumentException("samverkan.audit.batch-size and checkpoint-every-entries must be positive");
        }
    }
}
