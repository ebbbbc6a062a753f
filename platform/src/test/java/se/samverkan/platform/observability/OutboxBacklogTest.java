package se.samverkan.platform.observability;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxBacklogTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private double gauge(String name) {
        return meters.get(name).tag("outbox", "test").gauge().value();
    }

    @Test
    void anEmptyOutboxHasNoBacklogAndNoAge() {
        OutboxBacklog.register(meters, "test", () -> new OutboxBacklog.Snapshot(0, null));

        assertThat(gauge(OutboxBacklog.BACKLOG)).isZero();
        assertThat(gauge(OutboxBacklog.OLDEST_AGE)).isZero();
    }

    @Test
    void waitingRecordsAreCountedAndTheOldestOnesWaitIsItsAge() {
        OutboxBacklog.register(meters, "test", () -> new OutboxBacklog.Snapshot(3, Instant.now().minusSeconds(120)));

        assertThat(gauge(OutboxBacklog.BACKLOG)).isEqualTo(3);
        assertThat(gauge(OutboxBacklog.OLDEST_AGE)).isBetween(119.0, 130.0);
    }

    @Test
    void aFailingQueryOrAnInstanceThatCannotKnowReportsNaNNotZero() {
        OutboxBacklog.register(meters, "test", () -> {
            throw new IllegalStateException("database down");
        });
        assertThat(gauge(OutboxBacklog.BACKLOG)).isNaN();
        assertThat(gauge(OutboxBacklog.OLDEST_AGE)).isNaN();

        SimpleMeterRegistry standby = new SimpleMeterRegistry();
        OutboxBacklog.register(standby, "test", () -> OutboxBacklog.Snapshot.UNKNOWN);
        assertThat(standby.get(OutboxBacklog.BACKLOG).gauge().value()).isNaN();
    }

    @Test
    void aScrapeRunsTheQueryAtMostOnceASecond() {
        AtomicInteger queries = new AtomicInteger();
        OutboxBacklog.register(meters, "test", () -> {
            queries.incrementAndGet();
            return new OutboxBacklog.Snapshot(1, Instant.now());
        });

        for (int i = 0; i < 10; i++) {
            gauge(OutboxBacklog.BACKLOG);
            gauge(OutboxBacklog.OLDEST_AGE);
        }

        assertThat(queries).hasValue(1);
    }
}
