package se.samverkan.audit.review;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * For UNUSUAL_VOLUME: has an actor accessed at least {@code threshold} different subjects within the window? Counting
 * them in the log on every access event cost PostgreSQL 0.1 to 1.3 s for a busy actor (a million-entry log,
 * docs/benchmarks.md "Evening runs, 2026-12-03"), so each actor's most recently accessed subjects are kept here,
 * at most {@code threshold} of them with the last time each was accessed. The answer is yes exactly when there are
 * {@code threshold} of them and the oldest of those times lies inside the window.
 * <p>
 * An actor not kept here (after a start, an idle window, or {@link #forgetAll()}: on every change of leader and after
 * a batch that rolled back) is read from the log once: the subjects of the actor's access entries inside the window,
 * newest first. The log stays the truth; this is only what was already read from it. An access that arrives out of
 * order counts with the latest time its subject was accessed, so an access recorded as later than the one being
 * evaluated counts too (the count it replaces stopped at the evaluated access): the rule can only fire sooner, never
 * later. That is seconds sooner for accesses reordered across partitions, but a partition that lagged behind after an
 * outage delivers accesses hours older than what was kept, and counting the later ones raised an item for an hour
 * that had no such volume. So an access more than {@link #LATE} older than the latest kept for its actor is counted
 * from the log instead, within its own window: the subjects of the actor's access entries after its window's start,
 * up to its time.
 */
final class RecentSubjects {

    private final int threshold;
    private final Duration window;
    private final Cache<String, Map<UUID, Instant>> byActor;

    RecentSubjects(int threshold, Duration window, int actors, Ticker ticker) {
        this.threshold = threshold;
        this.window = window;
        // an actor idle for a whole window has no subject left inside it, so forgetting them loses nothing
        this.byActor = Caffeine.newBuilder().maximumSize(actors).expireAfterAccess(window).ticker(ticker).build();
    }

    /**
     * Records that {@code actor} accessed {@code subject} at {@code at} and answers whether the actor has now accessed
     * at least {@code threshold} subjects after {@code at} minus the window. {@code fromLog} gives, for an actor not
     * kept here, the subjects of the actor's access entries after a moment, each with its latest access.
     */
    synchronized boolean reached(String actor, UUID subject, Instant at, BiFunction<String, Instant, Map<UUID, Instant>> fromLog,
                                 SubjectsBetween between) {
        if (threshold <= 0) {
            return true;
        }
        Instant windowStart = at.minus(window);
        Map<UUID, Instant> recent = byActor.get(actor, read -> new HashMap<>(fromLog.apply(read, windowStart)));
        Instant latestKept = recent.isEmpty() ? at : Collections.max(recent.values());
        recent.merge(subject, at, (kept, now) -> now.isAfter(kept) ? now : kept);
        while (recent.size() > threshold) {
            recent.remove(oldest(recent));
        }
        if (latestKept.isAfter(at.plus(LATE))) {
            Set<UUID> inItsWindow = new HashSet<>(between.subjects(actor, windowStart, at));
            inItsWindow.add(subject);
            return inItsWindow.size() >= threshold;
        }
        return recent.size() == threshold && recent.get(oldest(recent)).isAfter(windowStart);
    }

    /** The different subjects (up to the threshold) of the actor's access entries after {@code from}, up to {@code to}. */
    @FunctionalInterface
    interface SubjectsBetween {
        Set<UUID> subjects(String actor, Instant from, Instant to);
    }

    /** How far behind the actor's latest access an access may be and still be counted with what is kept here. */
    static final Duration LATE = Duration.ofMinutes(1);

    /** After a transaction whose entries did not commit: what it added may never have happened. */
    synchronized void forgetAll() {
        byActor.invalidateAll();
    }

    private static UUID oldest(Map<UUID, Instant> subjects) {
        return Collections.min(subjects.entrySet(), Map.Entry.comparingByValue()).getKey();
    }
}
