package se.samverkan.cases.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * @param subjectPseudonymKey base64, at least 32 bytes; the local default is for development only, production sets
 *                            SAMVERKAN_CASES_SUBJECT_PSEUDONYM_KEY
 * @param accessRelayInterval how often access events waiting in the outbox are sent to Kafka
 * @param firstFamilyContactDays the rapid-intervention target: days from intake to first contact with the family
 * @param deadlineWarningDays    a deadline is "approaching" this many days before it is due
 * @param deadlineCheckInterval  how often the deadline watch looks for approaching and missed deadlines
 */
@ConfigurationProperties("samverkan.cases")
public record CaseServiceProperties(
        @DefaultValue("bG9jYWwtZGV2ZWxvcG1lbnQtb25seS1zdWJqZWN0LXBzZXVkb255bS1rZXk=") String subjectPseudonymKey,
        @DefaultValue("/samverkan/case-service") URI eventSource,
        @DefaultValue("200ms") Duration accessRelayInterval,
        @DefaultValue("Europe/Stockholm") String zone,
        @DefaultValue("7") int firstFamilyContactDays,
        @DefaultValue("3") int deadlineWarningDays,
        @DefaultValue("1m") Duration deadlineCheckInterval) {
}
