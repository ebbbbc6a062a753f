package se.samverkan.audit.review;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Open review items per rule ({@code samverkan_audit_review_open_items}, issue 13): what compliance officers have not
 * decided yet. A count per rule code, never per municipality, officer or case. Counted once a second at most.
 */
@Component
class ReviewQueueGauges {

    private static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private final JdbcTemplate jdbc;
    private final ReviewQueue queue;
    private Map<ReviewRule, Long> open;
    private long countedAt;

    ReviewQueueGauges(JdbcTemplate jdbc, ReviewQueue queue, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.queue = queue;
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
                jdbc.query("""
                        SELECT r.rule, count(*) FROM review_items r
                        WHERE """ + queue.undecidedR() + " GROUP BY r.rule", rs -> {
                    try {
                        counted.put(ReviewRule.valueOf(rs.getString(1)), rs.getLong(2));
                    } catch (IllegalArgumentException unknownRule) {
                        // a rule of a newer version: not ours to count
                    }
                });
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
}
