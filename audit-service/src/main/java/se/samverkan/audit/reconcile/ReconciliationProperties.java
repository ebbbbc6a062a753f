package se.samverkan.audit.reconcile;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param every how often the log is reconciled with case-service's publication manifests
 *              (env {@code SAMVERKAN_AUDIT_RECONCILIATION_EVERY})
 * @param grace how long an event may arrive after the manifest listing it, and after how long a manifest must have
 *              covered an event (env {@code SAMVERKAN_AUDIT_RECONCILIATION_GRACE}); longer than the broker and relay
 *              delays of a normal day, or every delay is a finding
 * @param maxUnlisted how many events waiting for a manifest the ledger keeps one by one (about 200 bytes each); beyond
 *              it they are counted ({@link ManifestLedger})
 */
@ConfigurationProperties("samverkan.audit.reconciliation")
public record ReconciliationProperties(
        @DefaultValue("1m") Duration every,
        @DefaultValue("10m") Duration grace,
        @DefaultValue("250000") int maxUnlisted) {
}
