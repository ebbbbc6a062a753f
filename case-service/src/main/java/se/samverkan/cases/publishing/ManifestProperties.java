package se.samverkan.cases.publishing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param interval          how often new publication manifests are numbered and sent (env {@code SAMVERKAN_CASES_MANIFESTS_INTERVAL})
 * @param accessSettleTime  access events younger than this are not listed yet: their outbox positions come from a
 *                          sequence, so a row of a transaction still running can turn up below rows already sent;
 *                          it must exceed the longest request transaction (env {@code SAMVERKAN_CASES_MANIFESTS_ACCESS_SETTLE_TIME})
 * @param enabled           whether manifests are made at all (the audit log's reconciliation needs them)
 */
@ConfigurationProperties("samverkan.cases.manifests")
public record ManifestProperties(
        @DefaultValue("1m") Duration interval,
        @DefaultValue("1m") Duration accessSettleTime,
        @DefaultValue("true") boolean enabled) {
}
