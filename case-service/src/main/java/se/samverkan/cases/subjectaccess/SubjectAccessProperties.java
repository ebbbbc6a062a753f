package se.samverkan.cases.subjectaccess;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param approvalValidity how long after its approval a subject access request may be exported (once); after that it
 *                         expires and a new request must be registered and approved. At most 30 days: an approval is
 *                         for one answer to one request, not a standing licence.
 */
@ConfigurationProperties("samverkan.cases.subject-access")
public record SubjectAccessProperties(@DefaultValue("7d") Duration approvalValidity) {

    public SubjectAccessProperties {
        if (approvalValidity.isNegative() || approvalValidity.isZero() || approvalValidity.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException(
                    "SAMVERKAN_CASES_SUBJECTACCESS_APPROVALVALIDITY must be more than zero and at most 30 days, was " + approvalValidity);
        }
    }
}
