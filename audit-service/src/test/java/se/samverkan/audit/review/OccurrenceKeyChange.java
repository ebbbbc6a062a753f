package se.samverkan.audit.review;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import se.samverkan.audit.log.AuditProperties;
import se.samverkan.audit.log.Sequencer;
import se.samverkan.contracts.signing.EventSigner;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

/**
 * A review queue integrity as a process would run it after its occurrences' key changed alone (the items' key, and so
 * the items' line, stay the running service's): every occurrence stored before its first {@link ReviewQueueIntegrity#check}
 * is one from before its line, as occurrences written before the upgrade that brought their seals are to the running
 * service. Its line is drawn when the test calls check, after the rows the test made itself, so the upgrade path is
 * played whichever classes ran before on the shared database and whenever the running service drew its own line.
 * <p>
 * The key's label is new in every call, so each draws a line of its own (one {@code review-seals-began} entry in the
 * shared log, as a key change appends one, under an id nothing else takes); its problems count in a registry of its
 * own, never in the service's {@code samverkan.audit.integrity.violations}.
 */
public final class OccurrenceKeyChange {

    private final ReviewQueueIntegrity integrity;
    private final UUID lineEventId;

    private OccurrenceKeyChange(ReviewItemSeals seals, JdbcTemplate jdbc, Sequencer sequencer, EventSigner signer, Clock clock) {
        this.integrity = new ReviewQueueIntegrity(seals, jdbc, sequencer, signer, clock, new SimpleMeterRegistry());
        // as ReviewQueueIntegrity names the entry of a key's line
        this.lineEventId = UUID.nameUUIDFromBytes(("review-seals-began/" + seals.occurrenceKeyTag()).getBytes(StandardCharsets.UTF_8));
    }

    public static OccurrenceKeyChange of(AuditProperties properties, JdbcTemplate jdbc, Sequencer sequencer, EventSigner signer,
                                         Clock clock) {
        return new OccurrenceKeyChange(new ReviewItemSeals(properties.signingKey().getBytes(StandardCharsets.UTF_8),
                "samverkan review item occurrence seal, changed in a test " + UUID.randomUUID()), jdbc, sequencer, signer, clock);
    }

    public ReviewQueueIntegrity integrity() {
        return integrity;
    }

    /** The id of the log entry that draws this key's occurrence line (there once its integrity checked). */
    public UUID lineEventId() {
        return lineEventId;
    }
}
