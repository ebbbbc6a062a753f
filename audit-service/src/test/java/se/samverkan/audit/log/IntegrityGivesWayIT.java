package se.samverkan.audit.log;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import se.samverkan.audit.it.AuditServiceITBase;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12: the integrity pass competes with the ingest for the same cores and database, and a compliance officer
 * waits for the log's lag, so a step gives way to entries on their way in: for at most half a step in all, after
 * which it reads what its schedule asks for anyway, and not at all once the pass is behind its schedule (the pass's
 * promise comes first, whatever the ingest does).
 */
class IntegrityGivesWayIT extends AuditServiceITBase {

    private static final int ENTRIES = 40;
    /** A whole pass due every step; half a step (200 ms) to give way. */
    private static final IntegrityProperties PACE = new IntegrityProperties(Duration.ofMillis(400), 1_000_000, Duration.ofMillis(400));

    @Autowired
    LogStore store;

    @Autowired
    AuditProperties auditProperties;

    @Autowired
    Sequencer sequencer;

    @Test
    void aStepWaitsForTheIngestAtMostHalfAStepAndThenReadsWhatItsScheduleAsks() {
        logOfAtLeast(ENTRIES);
        MeterRegistry meters = new SimpleMeterRegistry();
        LogIntegrity integrity = new LogIntegrity(jdbc, store, PACE, new SearchSeals(auditProperties), meters, sequencer);

        long began = System.nanoTime();
        try (Sequencer.Incoming ignored = sequencer.incoming()) {
            integrity.step();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        Timer gaveWay = meters.get("samverkan.audit.integrity.gave.way").timer();
        assertThat(gaveWay.totalTime(TimeUnit.MILLISECONDS)).as("gave way for its whole share of the step")
                .isGreaterThanOrEqualTo(PACE.giveWayPerStep().toMillis() - 1);
        assertThat(took).isGreaterThanOrEqualTo(PACE.giveWayPerStep());
        assertThat(integrity.verdict().passes()).as("and then read the whole pass its schedule asked for").isEqualTo(1);
        assertThat(integrity.verdict().status()).isEqualTo("UP");
        assertThat(integrity.passTakes()).as("what the operator's gauge shows: the pass took its wait too")
                .isGreaterThanOrEqualTo(PACE.giveWayPerStep());
    }

    @Test
    void aStepWithNothingOnItsWayInDoesNotWait() {
        logOfAtLeast(ENTRIES);
        MeterRegistry meters = new SimpleMeterRegistry();
        LogIntegrity integrity = new LogIntegrity(jdbc, store, PACE, new SearchSeals(auditProperties), meters, sequencer);
        await().atMost(Duration.ofSeconds(20)).until(() -> sequencer.awaitQuiet(Duration.ofSeconds(1)).isZero());

        integrity.step();

        assertThat(integrity.verdict().passes()).isEqualTo(1);
        // the context's own ingest may have had a record on its way in at that moment: never more than one wait a chunk
        assertThat(meters.get("samverkan.audit.integrity.gave.way").timer().count()).isLessThanOrEqualTo(1);
    }

    @Test
    void aPassBehindItsScheduleDoesNotGiveWay() {
        logOfAtLeast(ENTRIES);
        // the whole pass is due, ten entries a step: behind from its first step
        IntegrityProperties ceilingBound = new IntegrityProperties(Duration.ofMillis(400), 10, Duration.ofMillis(400));
        MeterRegistry meters = new SimpleMeterRegistry();
        LogIntegrity integrity = new LogIntegrity(jdbc, store, ceilingBound, new SearchSeals(auditProperties), meters, sequencer);

        try (Sequencer.Incoming ignored = sequencer.incoming()) {
            integrity.step();
        }

        assertThat(meters.get("samverkan.audit.integrity.gave.way").timer().count()).isZero();
        assertThat(integrity.verdict().verifiedThroughLeaf()).isEqualTo(10);
    }

    @Test
    void theWaitEndsWhenTheLastEntryOnItsWayInIsInAndAClosedMarkCountsOnce() throws Exception {
        Sequencer.Incoming first = sequencer.incoming();
        Sequencer.Incoming second = sequencer.incoming();
        CompletableFuture<Duration> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return sequencer.awaitQuiet(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        first.close();
        first.close();
        assertThat(sequencer.awaitQuiet(Duration.ofMillis(50))).as("one mark still open, however often the other was closed")
                .isGreaterThanOrEqualTo(Duration.ofMillis(50));
        second.close();

        assertThat(waiting.get(10, TimeUnit.SECONDS)).isLessThan(Duration.ofSeconds(10));
    }
}
