package se.samverkan.audit.compliance;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many leaves one search request may examine (answers are filtered over the entries' bytes, see
 * {@link AuditSearch}); a search that reaches the limit answers what it found and where to continue. At most
 * {@code concurrency} scans run at once per instance: a scan is PostgreSQL's work, and PostgreSQL is shared with
 * every write of case-service, so a burst of searches is refused (503, Retry-After) rather than let it slow the rest.
 * The search index ({@link LeafIndex}) covers up to {@code indexLimit} leaves (0 turns it off), and no more than
 * {@code indexHeapShare} of the maximum heap holds, and catches up {@code indexBatch} leaves a step.
 */
@ConfigurationProperties("samverkan.audit.search")
public record SearchProperties(@DefaultValue("50000") int scanLimit, @DefaultValue("1") int concurrency,
                               @DefaultValue("10000000") long indexLimit, @DefaultValue("10000") int indexBatch,
                               @DefaultValue("0.3") double indexHeapShare) {

    public static final double DEFAULT_INDEX_HEAP_SHARE = 0.3;

    @ConstructorBinding
    public SearchProperties {
        if (scanLimit < 1 || concurrency < 1 || indexBatch < 1) {
            throw new IllegalArgumentException("samverkan.audit.search.scan-limit, concurrency and index-batch must be positive");
        }
        if (!(indexHeapShare > 0 && indexHeapShare <= 0.6)) {
            throw new IllegalArgumentException("samverkan.audit.search.index-heap-share must be above 0 and at most 0.6, was " + indexHeapShare);
        }
        if (indexLimit < 0 || indexLimit > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("samverkan.audit.search.index-limit must be between 0 and " + Integer.MAX_VALUE);
        }
    }

    public SearchProperties(int scanLimit, int concurrency, long indexLimit, int indexBatch) {
        this(scanLimit, concurrency, indexLimit, indexBatch, DEFAULT_INDEX_HEAP_SHARE);
    }
}
