package se.samverkan.audit.log;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The log as an operator watches it (issue 13): its size, how old the newest signed checkpoint is and how many entries
 * it does not cover yet (the "checkpoint not issued" alert needs both: an idle log issues none, and rightly), whether
 * the background integrity check holds and how long its pass takes against its promise, and whether this instance
 * leads. Only the leader knows the tree; a standby
 * reports NaN for it.
 */
@Component
class LogGauges {

    private final Sequencer sequencer;
    private final LogStore store;
    private final CheckpointNotes notes;
    private final Clock clock;

    LogGauges(Sequencer sequencer, LogStore store, CheckpointNotes notes, LogIntegrity integrity, IntegrityProperties integrityProperties,
              Clock clock, MeterRegistry meters) {
        this.sequencer = sequencer;
        this.notes = notes;
        this.store = store;
        this.clock = clock;
        Gauge.builder("samverkan.audit.tree.size", () -> sequencer.isLeader() ? sequencer.size() : Double.NaN)
                .baseUnit("entries").description("entries in the audit log's Merkle tree").register(meters);
        Gauge.builder("samverkan.audit.checkpoint.age", this::checkpointAgeSeconds).baseUnit("seconds")
                .description("time since the newest signed checkpoint was issued").register(meters);
        Gauge.builder("samverkan.audit.checkpoint.uncovered", this::uncovered).baseUnit("entries")
                .description("entries appended since the newest signed checkpoint").register(meters);
        Gauge.builder("samverkan.audit.integrity.up", () -> "UP".equals(integrity.verdict().status()) ? 1 : 0)
                .description("1 while the background re-verification finds the stored log equal to the signed log, else 0")
                .register(meters);
        Gauge.builder("samverkan.audit.integrity.pass.duration", () -> integrity.passTakes().toMillis() / 1000.0)
                .baseUnit("seconds").description("how long the background re-verification takes a pass: the last one's time, "
                        + "or the current one's so far when longer").register(meters);
        Gauge.builder("samverkan.audit.integrity.pass.within", () -> integrityProperties.passWithin().toMillis() / 1000.0)
                .baseUnit("seconds").description("the time a pass is promised to take (samverkan.audit.integrity.pass-within)")
                .register(meters);
        Gauge.builder("samverkan.audit.leader", () -> sequencer.isLeader() ? 1 : 0)
                .description("1 on the instance that appends to the log").register(meters);
    }

    private Optional<StoredCheckpoint> latest() {
        try {
            return notes.latestSigned(store);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private double checkpointAgeSeconds() {
        return latest().map(c -> Duration.between(c.issuedAt(), clock.instant()).toMillis() / 1000.0).orElse(Double.NaN);
    }

    private double uncovered() {
        if (!sequencer.isLeader()) {
            return Double.NaN;
        }
        return Math.max(0, sequencer.size() - latest().map(StoredCheckpoint::treeSize).orElse(0L));
    }
}
