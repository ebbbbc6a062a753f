package se.samverkan.audit.compliance;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many leaves one search request may examine (answers are filtered over the entries' bytes, see
 * {@link AuditSearch}); a search that reaches the limit answers what it found and where to continue.
 */
@ConfigurationProperties("samverkan.audit.search")
public record SearchProperties(@DefaultValue("50000") int scanLimit) {

    public SearchProperties {
        if (scanLimit < 1) {
            throw new IllegalArgumentException("samverkan.audit.search.scan-limit must be positive");
        }
    }
}
