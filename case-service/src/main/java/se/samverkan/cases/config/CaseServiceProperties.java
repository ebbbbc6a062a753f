package se.samverkan.cases.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * @param subjectPseudonymKey base64, at least 32 bytes; no default (a key in the repository protects nothing): set
 *                            SAMVERKAN_CASES_SUBJECT_PSEUDONYM_KEY, checked at start-up by {@link CaseServiceSecrets}
 * @param accessRelayInterval how often access events waiting in the outbox are sent to Kafka
 * @param firstFamilyContactDays the rapid-intervention target: days from intake to first contact with the family
 * @param deadlineWarningDays    a deadline is "approaching" this many days before it is due
 * @param deadlineCheckInterval  how often the deadline watch looks for approaching and missed deadlines
 * @param masterKeys             {@code id:base64,id:base64}: AES-256 keys that wrap the subjects' data keys; the
 *                               no default: set SAMVERKAN_CASES_MASTER_KEYS, checked at start-up by {@link CaseServiceSecrets}
 * @param currentMasterKey       the id among {@code masterKeys} that wraps new keys (may be left out while there is one
 *                               key); data keys under any other id are re-wrapped at start-up
 * @param dataKeyCacheTtl        how long an unwrapped data key is kept in memory; a key shredded by another instance
 *                               can still open data here for at most this long
 * @param dataKeyCacheMaxKeys    at most this many unwrapped data keys are kept in memory (least used go first)
 */
@ConfigurationProperties("samverkan.cases")
public record CaseServiceProperties(
        String subjectPseudonymKey,
        @DefaultValue("/samverkan/case-service") URI eventSource,
        @DefaultValue("200ms") Duration accessRelayInterval,
        @DefaultValue("Europe/Stockholm") String zone,
        @DefaultValue("7") int firstFamilyContactDays,
        @DefaultValue("3") int deadlineWarningDays,
        @DefaultValue("1m") Duration deadlineCheckInterval,
        String masterKeys,
        String currentMasterKey,
        @DefaultValue("30s") Duration dataKeyCacheTtl,
        @DefaultValue("10000") long dataKeyCacheMaxKeys) {
}
