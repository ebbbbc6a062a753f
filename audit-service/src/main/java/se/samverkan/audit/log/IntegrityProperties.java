package se.samverkan.audit.log;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Pace of the background re-verification of every stored entry ({@link LogIntegrity}). A step every
 * {@code check-every} reads what a whole pass within {@code pass-within} needs (the log's size x check-every /
 * pass-within, but at least 5,000), at most {@code entries-per-check}: a mid-sized log is not re-read every few
 * seconds for nothing, and a log too large for the ceiling (50,000 every 5 s after the last step ended) takes
 * about size / 500,000 minutes a pass. The ceiling is a price paid without end: a sealed entry costs 5-10 microseconds
 * of this service plus PostgreSQL's share, and 200,000 a step kept about a third of a core busy on a
 * 2.3-million-entry log. Of the entries read, a step parses at most {@code parsed-entries-per-check} (20,000): an
 * entry whose seal matches is hashed and compared with its seal, a few microseconds, but one without (appended
 * since the last pass, or every entry in the first pass after an upgrade) is parsed, about ten times the
 * work, and a step that has parsed its share stops there.
 */
@ConfigurationProperties("samverkan.audit.integrity")
public record IntegrityProperties(
        @DefaultValue("5s") Duration checkEvery,
        @DefaultValue("50000") int entriesPerCheck,
        @DefaultValue("1m") Duration passWithin,
        @DefaultValue("20000") int parsedEntriesPerCheck) {

    @ConstructorBinding
    public IntegrityProperties {
        if (entriesPerCheck < 1 || parsedEntriesPerCheck < 1 || checkEvery.isNegative() || checkEvery.isZero()
                || passWithin.isNegative() || passWithin.isZero()) {
            throw new IllegalArgumentException("samverkan.audit.integrity.check-every, entries-per-check, "
                    + "parsed-entries-per-check and pass-within must be positive");
        }
    }

    /** A ceiling for both: every entry read is parsed (for tests, and an operator's setting from before seals). */
    public IntegrityProperties(Duration checkEvery, int entriesPerCheck, Duration passWithin) {
        this(checkEvery, entriesPerCheck, passWithin, entriesPerCheck);
    }

    /** Entries one step reads for a pass over a log of this size. */
    public int entriesPerStep(long logSize) {
        double steps = Math.max(1.0, (double) passWithin.toMillis() / checkEvery.toMillis());
        long paced = Math.max(MIN_ENTRIES_PER_STEP, (long) Math.ceil(logSize / steps));
        return (int) Math.min(entriesPerCheck, paced);
    }

    /** A log this small is re-read whole every step: it costs little, and a change is found within one step. */
    static final int MIN_ENTRIES_PER_STEP = 5000;
}
