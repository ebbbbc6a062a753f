package se.samverkan.audit.compliance;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many leaves one search request may examine (answers are filtered over the entries' bytes, see
 * {@link AuditSearch}); a search that reaches the limit answers what it found and where to continue. At most
 * {@code concurrency} scans run at once per instance: a scan is PostgreSQL's work, and PostgreSQL is shared with
 * every write of case-service, so a burst of searches is refused (503, Retry-After) rather than let it slow the rest.
 */
@ConfigurationProperties("samverkan.audit.search")
public record SearchProperties(@DefaultValue("50000") int scanLimit, @DefaultValue("1") int concurrency) {

    public SearchProperties {
        if (scanLimit < 1 || concurrency < 1) {
            throw new IllegalArgumentException("samverkan.audit.search.scan-limit and concurrency must be positive");
        }
    }
}
