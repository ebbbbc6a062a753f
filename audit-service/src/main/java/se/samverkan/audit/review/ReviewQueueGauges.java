package se.samverkan.audit.review;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Open review items per rule ({@code samverkan_audit_review_open_items}, issue 13): what compliance officers have not
 * decided yet. A count per rule code, never per municipality, officer or case. Counted once a second at most, and
 * only items whose row verifies ({@link ReviewQueueIntegrity#unverified}).
 */
@Component
class ReviewQueueGauges {

    private static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private final JdbcTemplate jdbc;
    private final ReviewQueue queue;
    private final ReviewQueueIntegrity integrity;
    private Map<ReviewRule, Long> open;
    private long countedAt;

    ReviewQueueGauges(JdbcTemplate jdbc, ReviewQueue queue, ReviewQueueIntegrity integrity, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.queue = queue;
        this.integrity = integrity;
        for (ReviewRule rule : ReviewRule.values()) {
            Gauge.builder("samverkan.audit.review.open", () -> open(rule)).tag("rule", rule.name()).baseUnit("items")
                    .description("review items not decided yet").register(meters);
        }
    }

    private synchronized double open(ReviewRule rule) {
        long now = System.nanoTime();
        if (open == null || now - countedAt > FRESH_FOR.toNanos()) {
            try {
                Map<ReviewRule, Long> counted = new EnumMap<>(ReviewRule.class);
                // each row's seal is checked here, not in SQL (the key is not the database's): a row the runtime role
                // inserted is no work of this log's, and counting it made up open items (ReviewQueueIntegrity reports it)
                List<ReviewQueueIntegrity.StoredItem> undecided = jdbc.query("SELECT " + ReviewItemSeals.COLUMNS
                        + " FROM review_items r WHERE" + queue.undecidedR(), (rs, row) -> ReviewQueueIntegrity.StoredItem.of(rs));
                Set<UUID> unverified = integrity.unverified(undecided);
                for (ReviewQueueIntegrity.StoredItem row : undecided) {
                    ReviewRule known = rule(row.item().rule());
                    // a rule of a newer version: not ours to count
                    if (known != null && !unverified.contains(row.item().id())) {
                        counted.merge(known, 1L, Long::sum);
                    }
                }
                open = counted;
            } catch (RuntimeException e) {
                open = null;
                countedAt = now;
                return Double.NaN;
            }
            countedAt = now;
        }
        return open.getOrDefault(rule, 0L);
    }

    private static ReviewRule rule(String name) {
        for (ReviewRule rule : ReviewRule.values()) {
            if (rule.name().equals(name)) {
                return rule;
            }
        }
        return null;
    }
}
