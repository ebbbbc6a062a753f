package se.samverkan.audit.log;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Pace of the background re-verification of every stored entry ({@link LogIntegrity}). A pass is held to a schedule:
 * each step, every {@code check-every}, reads what the pass should have read by then for it to end within
 * {@code pass-within} (a step that read less, because it gave way to the ingest or ran late, is made up by the next),
 * at least 1,000 a second and at most {@code entries-per-check}. So a log too large for the ceiling (10,000 a step,
 * the steps a second apart after the last one ended) takes longer than promised, which the pass's duration gauge and
 * its alert tell the operator ({@link LogIntegrity#passTakes}). The ceiling is a price paid without end: a sealed entry
 * costs 5-10 microseconds of this service plus PostgreSQL's share. Of the entries read, a step parses at most
 * {@code parsed-entries-per-check} (4,000): an entry whose seal matches is hashed and compared with its seal, a few
 * microseconds, but one without (appended since the last pass, or every entry in the first pass after an upgrade) is
 * parsed, about ten times the work, and a step that has parsed its share stops there.
 * <p>
 * Steps are small and frequent (a second) rather than large and rare: a step of 25,000 entries every 5 s kept both
 * cores busy for a moment the ingest then waited through, and the log's p99 lag was those moments.
 */
@ConfigurationProperties("samverkan.audit.integrity")
public record IntegrityProperties(
        @DefaultValue("1s") Duration checkEvery,
        @DefaultValue("10000") int entriesPerCheck,
        @DefaultValue("1m") Duration passWithin,
        @DefaultValue("4000") int parsedEntriesPerCheck) {

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

    /**
     * Entries a step reads of a pass over {@code passSize} entries that began {@code sincePassBegan} ago and has read
     * {@code read}: what the schedule asks for by the end of this step, at most the ceiling. The schedule ends one step
     * before {@code pass-within}, since the step that finds the pass due may start up to a step late.
     */
    public int entriesForStep(long passSize, long read, Duration sincePassBegan) {
        long span = Math.max(checkEvery.toMillis(), passWithin.toMillis() - checkEvery.toMillis());
        long byEndOfStep = sincePassBegan.toMillis() + checkEvery.toMillis();
        long due = byEndOfStep >= span ? passSize : Math.ceilDiv(Math.multiplyExact(passSize, byEndOfStep), span);
        long floor = Math.min(passSize - read, Math.max(1, MIN_ENTRIES_PER_SECOND * checkEvery.toMillis() / 1000));
        return (int) Math.clamp(Math.max(due - read, floor), 0, entriesPerCheck);
    }

    /**
     * A log this small (up to a minute's worth at this pace) is passed over faster than its schedule asks: it costs
     * little, and an entry appended after a pass began is checked in the next one, so at the schedule's pace a
     * change to it could wait nearly two passes. At this pace a log of up to 1,000 entries is re-read whole every
     * step, as before the schedule (5,000 every 5 s).
     */
    static final int MIN_ENTRIES_PER_SECOND = 1000;

    /** How long a step may wait, in all, for the ingest to fall quiet: the next step makes up what it did not read. */
    public Duration giveWayPerStep() {
        return checkEvery.dividedBy(2);
    }
}
