package se.samverkan.platform.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The two numbers an operator watches of every outbox (issue 13): how many records wait
 * ({@code samverkan_outbox_backlog_records}) and how long the oldest of them has waited
 * ({@code samverkan_outbox_oldest_age_seconds}, 0 when none waits), tagged with the outbox's name. The count comes
 * from the service's own query, run at most once a second however often it is scraped; a query that fails (the
 * database is down) or an instance that cannot know (a standby) reports NaN, which Prometheus keeps apart from 0.
 */
public final class OutboxBacklog {

    public static final String BACKLOG = "samverkan.outbox.backlog";
    public static final String OLDEST_AGE = "samverkan.outbox.oldest.age";

    /** What waits: how many records, and when the oldest was written (null when none waits). */
    public record Snapshot(long count, Instant oldest) {
        public static final Snapshot UNKNOWN = new Snapshot(-1, null);
    }

    private static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OutboxBacklog.class);

    private final String outbox;
    private final Supplier<Snapshot> query;
    private final Clock clock;
    private Snapshot last;
    private Instant lastAt = Instant.MIN;

    private OutboxBacklog(String outbox, Supplier<Snapshot> query, Clock clock) {
        this.outbox = outbox;
        this.query = query;
        this.clock = clock;
    }

    public static void register(MeterRegistry meters, String outbox, Supplier<Snapshot> query) {
        OutboxBacklog backlog = new OutboxBacklog(outbox, query, Clock.systemUTC());
        // strong references: nothing else holds the backlog, and a gauge's weak one would let it go (NaN ever after)
        Gauge.builder(BACKLOG, backlog, OutboxBacklog::count).tag("outbox", outbox).baseUnit("records").strongReference(true)
                .description("outbox records not yet acknowledged by Kafka").register(meters);
        Gauge.builder(OLDEST_AGE, backlog, OutboxBacklog::oldestAgeSeconds).tag("outbox", outbox).baseUnit("seconds").strongReference(true)
                .description("how long the oldest outbox record not yet acknowledged by Kafka has waited").register(meters);
    }

    private synchronized Snapshot snapshot() {
        Instant now = clock.instant();
        if (last == null || lastAt.plus(FRESH_FOR).isBefore(now)) {
            try {
                last = query.get();
            } catch (RuntimeException e) {
                // the kind only: a driver's message can quote parameters
                log.warn("Backlog of outbox {} unknown: {}", outbox, e.getClass().getSimpleName());
                last = Snapshot.UNKNOWN;
            }
            lastAt = now;
        }
        return last;
    }

    private double count() {
        Snapshot snapshot = snapshot();
        return snapshot.count() < 0 ? Double.NaN : snapshot.count();
    }

    private double oldestAgeSeconds() {
        Snapshot snapshot = snapshot();
        if (snapshot.count() < 0) {
            return Double.NaN;
        }
        if (snapshot.oldest() == null) {
            return 0;
        }
        return Math.max(0, Duration.between(snapshot.oldest(), clock.instant()).toMillis() / 1000.0);
    }
}
