package se.samverkan.cases.publishing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.platform.observability.OutboxBacklog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What case-service's event store holds back as the integration events' outbox (issue 13; {@link IntegrationEventRelay}:
 * events past its tracking token), as {@code samverkan_outbox_backlog_records} and
 * {@code samverkan_outbox_oldest_age_seconds} (the access outbox gauges its own, as platform's TableOutbox does for
 * every outbox table); and the records set aside
 * because Kafka can never take them, not yet resolved ({@code samverkan_publish_dead_letters_unresolved}).
 */
@Component
class OutboxGauges {

    /** Every tracking token of the relay names the highest store index it has seen as {@code "index":N}. */
    private static final Pattern INDEX = Pattern.compile("\"index\"\\s*:\\s*(\\d+)");

    private final JdbcClient jdbc;

    OutboxGauges(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        OutboxBacklog.register(meters, "case-events", this::eventStore);
        for (PublishDeadLetters.Stream stream : PublishDeadLetters.Stream.values()) {
            Gauge.builder("samverkan.publish.dead.letters.unresolved", () -> unresolved(stream)).tag("stream", stream.name())
                    .description("records set aside because Kafka can never take them, not yet resolved").register(meters);
        }
    }

    /**
     * Events stored after the relay's token (the lowest index over its segments; a replay token counts from where the
     * replay stands). Without a token yet, every stored event waits.
     */
    private OutboxBacklog.Snapshot eventStore() {
        long position = jdbc.sql("SELECT token FROM token_entry WHERE processor_name = ?")
                .param(IntegrationEventRelay.PROCESSING_GROUP)
                .query((rs, n) -> rs.getBytes(1)).list().stream()
                .mapToLong(OutboxGauges::lowestIndex).min().orElse(-1);
        return jdbc.sql("SELECT count(*), min(time_stamp) FROM domain_event_entry WHERE global_index > ?")
                .param(position)
                .query((rs, n) -> new OutboxBacklog.Snapshot(rs.getLong(1),
                        rs.getString(2) == null ? null : Instant.parse(rs.getString(2)))).single();
    }

    private static long lowestIndex(byte[] token) {
        if (token == null) {
            return -1;
        }
        Matcher matcher = INDEX.matcher(new String(token, StandardCharsets.UTF_8));
        long lowest = Long.MAX_VALUE;
        while (matcher.find()) {
            lowest = Math.min(lowest, Long.parseLong(matcher.group(1)));
        }
        return lowest == Long.MAX_VALUE ? -1 : lowest;
    }

    private double unresolved(PublishDeadLetters.Stream stream) {
        try {
            return jdbc.sql("SELECT count(*) FROM publish_dead_letter WHERE stream = ? AND resolved_at IS NULL")
                    .param(stream.name()).query(Long.class).single();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
