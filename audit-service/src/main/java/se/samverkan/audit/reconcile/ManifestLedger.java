package se.samverkan.audit.reconcile;

import se.samverkan.audit.log.PendingEntry;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.reconciliation.PublicationManifest;
import se.samverkan.contracts.reconciliation.PublicationManifest.Stream;
import se.samverkan.signing.EventProducer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reconciles the log with case-service's publication manifests, from the log's entries alone (each read from its
 * bytes, so a changed search column changes nothing). Manifests are case-service's signed account of every event of
 * a range of its stream; the log verified that signature before appending them, like every other entry.
 *
 * <ul>
 *   <li>an event a manifest lists that the log lacks, once the manifest was issued and read more than the grace
 *       period ago (the event may travel on another partition or topic than the manifest, and arrive later);</li>
 *   <li>a case-service event no manifest lists, once a manifest of its stream lists an event that occurred more than
 *       the grace period after it: manifests list their stream in position order, and positions follow the order in
 *       which events occur to within a request's transaction, so that manifest's range lies past the unlisted event.
 *       When a manifest was issued says nothing about what it covers: manifests that fall behind (a backlog) are
 *       issued long after events they do not list yet, and those events are overdue, not unaccounted;</li>
 *   <li>manifest numbers of a stream that never arrived (numbered from 1 without gaps), as one discrepancy per gap;</li>
 *   <li>consecutive manifests of a stream whose position ranges do not follow on: a gap between them (positions no
 *       manifest lists), an overlap, or a manifest that goes backwards, one discrepancy per pair;</li>
 *   <li>case-service events no manifest listed although they occurred, and were read, more than the grace period ago,
 *       with no later manifest of their stream at all: the manifests are overdue, one discrepancy per stream named by
 *       its oldest such event (without it, manifests that stopped would leave every event unreported).</li>
 * </ul>
 * <p>
 * What it keeps is bounded by what is still open, not by the log (issue 12: at 500,000 entries the ledger of every
 * event, every listed id and every manifest's list took audit-service's heap and the service with it). A listed event
 * meets its listing once and both are dropped; kept are the events no manifest listed yet (normally the last minute
 * or two), the listed events the log has not received (normally in flight), each stream's manifest numbers as runs
 * (for the gaps, with the positions of each run's first and last manifest, for the ranges) and its latest manifest, and
 * the findings about ranges that do not follow on (signed content, so they stand). Two manifests listing one event are not expected (each covers its own range
 * of store positions); should it happen, the second listing waits for an event already matched and is reported.
 * <p>
 * The events no manifest listed yet are bounded too ({@code maxUnlisted}): manifests that stop for a day at 200 events
 * a second would otherwise be 17 million of them in memory. Beyond the bound an event is only counted, per stream
 * ({@code untracked}). A manifest that later lists such an event makes it awaited like any event it lists before the
 * log has it, and the ledger then asks the log whether it holds it ({@code inLog}, by id, only while the stream has
 * untracked events): if it does, the event is accounted for and the count goes down. What the count still holds once
 * the manifests have moved more than the grace period past the last untracked event is reported as one unaccounted
 * finding for the stream, with the number of events but not their ids (which the ledger did not keep). A second
 * listing of an event already matched (not expected) would, in a stream with untracked events, be taken for one of them.
 * Spring-free and not thread-safe: one scheduled job feeds and asks it.
 */
public final class ManifestLedger {

    /** A listed event the log has not received yet, and from when its absence counts. */
    private record Awaited(Stream stream, long sequence, long manifestLeaf, UUID caseId, Instant countsFrom) {

        boolean missingAt(Instant now, Duration grace) {
            return !countsFrom.plus(grace).isAfter(now);
        }
    }

    private record Seen(long leafIndex, Stream stream, Instant occurredAt, UUID caseId, String municipality, Instant seenAt) {
    }

    private record Latest(long sequence, long toPosition, Instant issuedAt) {
    }

    /** The latest occurrence among a stream's listed events the log holds, and the manifest that listed it. */
    private record Front(Instant occurredAt, long sequence) {
    }

    /** A manifest's number and positions, and its log entry; -1 where the ledger did not keep one. */
    private record Ranged(long sequence, long from, long to, long leaf) {
    }

    /**
     * A run of consecutive manifest numbers from its key up to {@code last}; {@code firstLeaf} holds the first one. The
     * position ranges of its first and last manifests are kept, so that a manifest joining the run at either end is
     * checked against its neighbour: a run's inner boundaries were checked when they joined.
     */
    private static final class Run {
        private long last;
        private final long firstLeaf;
        private final long firstFrom;
        private long lastFrom;
        private long lastTo;

        Run(long last, long firstLeaf, long firstFrom, long lastFrom, long lastTo) {
            this.last = last;
            this.firstLeaf = firstLeaf;
            this.firstFrom = firstFrom;
            this.lastFrom = lastFrom;
            this.lastTo = lastTo;
        }
    }

    /** Manifest numbers seen in one stream, as runs keyed by their first number, and the latest manifest. */
    private static final class Numbers {
        private final TreeMap<Long, Run> runs = new TreeMap<>();
        private Latest latest;
        private Front front;

        void listed(Instant occurredAt, long sequence) {
            if (occurredAt != null && (front == null || occurredAt.isAfter(front.occurredAt()))) {
                front = new Front(occurredAt, sequence);
            }
        }

        /**
         * @param boundary told of each pair of consecutive manifests this one completes: (earlier, later)
         * @return false for a number already seen (the first manifest with it stands)
         */
        boolean add(long sequence, long leafIndex, long from, long to, java.util.function.BiConsumer<Ranged, Ranged> boundary) {
            Map.Entry<Long, Run> before = runs.floorEntry(sequence);
            if (before != null && sequence <= before.getValue().last) {
                return false;
            }
            Map.Entry<Long, Run> after = runs.higherEntry(sequence);
            boolean joinsBefore = before != null && before.getValue().last == sequence - 1;
            boolean joinsAfter = after != null && after.getKey() == sequence + 1;
            Ranged self = new Ranged(sequence, from, to, leafIndex);
            if (joinsBefore) {
                Run run = before.getValue();
                boundary.accept(new Ranged(run.last, run.lastFrom, run.lastTo, -1), self);
            }
            if (joinsAfter) {
                Run next = after.getValue();
                boundary.accept(self, new Ranged(after.getKey(), next.firstFrom, -1, next.firstLeaf));
            }
            if (joinsBefore) {
                Run run = before.getValue();
                if (joinsAfter) {
                    Run next = runs.remove(after.getKey());
                    run.last = next.last;
                    run.lastFrom = next.lastFrom;
                    run.lastTo = next.lastTo;
                } else {
                    run.last = sequence;
                    run.lastFrom = from;
                    run.lastTo = to;
                }
            } else if (joinsAfter) {
                Run next = runs.remove(after.getKey());
                runs.put(sequence, new Run(next.last, leafIndex, from, next.lastFrom, next.lastTo));
            } else {
                runs.put(sequence, new Run(sequence, leafIndex, from, from, to));
            }
            return true;
        }

        long count() {
            return runs.entrySet().stream().mapToLong(run -> run.getValue().last - run.getKey() + 1).sum();
        }
    }

    /** Events of a stream beyond the bound on unlisted events: counted, not kept one by one. */
    private static final class Untracked {
        private long count;
        private long firstLeaf = -1;
        private Instant first;
        private Instant last;

        void add(long leafIndex, Instant occurredAt) {
            count++;
            if (firstLeaf < 0) {
                firstLeaf = leafIndex;
                first = occurredAt;
            }
            if (occurredAt != null && (last == null || occurredAt.isAfter(last))) {
                last = occurredAt;
            }
        }
    }

    /** Enough for hours of a municipality's events without a manifest: about 200 bytes each. */
    public static final int DEFAULT_MAX_UNLISTED = 250_000;

    private final int maxUnlisted;
    private final Map<Stream, Untracked> untracked = new EnumMap<>(Stream.class);
    private final Map<Stream, Numbers> numbers = new EnumMap<>(Stream.class);
    private final Map<UUID, Seen> unlisted = new HashMap<>();
    private final Map<UUID, Awaited> awaited = new HashMap<>();
    /** The municipality of each case a missing event is reported for, as the log names it; asked once per case. */
    private final Map<UUID, String> reportedCaseMunicipalities = new HashMap<>();
    private long unsignedBeforeManifests;
    /**
     * Consecutive manifests whose position ranges do not follow on, found as the second of a pair arrives: what their
     * signed content says never changes, so each stays a finding. One per pair of manifests, so bounded by the
     * manifests case-service signed.
     */
    private final List<Discrepancy> positionFindings = new ArrayList<>();

    /** {@code untracked}: events beyond the bound on unlisted events that no manifest has accounted for yet. */
    public record StreamSummary(Stream stream, int manifests, Long lastSequence, Long lastPosition, Instant lastIssuedAt,
                                long untracked) {
    }

    public ManifestLedger() {
        this(DEFAULT_MAX_UNLISTED);
    }

    public ManifestLedger(int maxUnlisted) {
        if (maxUnlisted < 1) {
            throw new IllegalArgumentException("maxUnlisted must be positive");
        }
        this.maxUnlisted = maxUnlisted;
    }

    /** Feeds one entry, in leaf order; {@code seenAt} is when the ledger read it. */
    public void accept(long leafIndex, PendingEntry entry, Instant seenAt) {
        if (entry.event() == null || !EventProducer.CASE_SERVICE.mayProduce(entry.eventType(), null)) {
            return;
        }
        if (entry.event() instanceof PublicationManifest m) {
            if (m.stream() == null) {
                return;
            }
            // a second manifest with a number already seen changes nothing: the first one stands
            Numbers seen = numbers.computeIfAbsent(m.stream(), s -> new Numbers());
            if (!seen.add(m.sequence(), leafIndex, m.fromPosition(), m.toPosition(),
                    (earlier, later) -> followsOn(m.stream(), earlier, later))) {
                return;
            }
            if (seen.latest == null || m.sequence() > seen.latest.sequence()) {
                seen.latest = new Latest(m.sequence(), m.toPosition(), m.issuedAt());
            }
            // a listed event that is still missing counts as missing from the grace period after the manifest was
            // issued, or after it was read when that was later (a consumer that was down)
            Instant countsFrom = m.issuedAt() == null || m.issuedAt().isBefore(seenAt) ? seenAt : m.issuedAt();
            for (PublicationManifest.Item item : m.events()) {
                if (item.eventId() == null) {
                    continue;
                }
                Seen listed = unlisted.remove(item.eventId());
                if (listed == null) {
                    awaited.putIfAbsent(item.eventId(), new Awaited(m.stream(), m.sequence(), leafIndex, item.caseId(), countsFrom));
                } else {
                    seen.listed(listed.occurredAt(), m.sequence());
                }
            }
            return;
        }
        if (entry.event() instanceof se.samverkan.contracts.effects.EffectFiguresPublished) {
            // the monthly effect figures come from no store position a manifest lists; each is its own signed
            // statement, made once per municipality and month (issue 15)
            return;
        }
        if (entry.producerKeyId() == null) {
            // appended before producers signed, which is also before case-service listed what it published: no manifest
            // can account for it, and ingest no longer takes an unsigned record, so it is counted, not reported
            unsignedBeforeManifests++;
            return;
        }
        Stream stream = entry.event() instanceof AccessRecorded ? Stream.ACCESS_EVENTS : Stream.CASE_EVENTS;
        Awaited listing = awaited.remove(entry.eventId());
        if (listing != null) {
            numbers.get(listing.stream()).listed(entry.occurredAt(), listing.sequence());
        } else if (unlisted.size() < maxUnlisted || unlisted.containsKey(entry.eventId())) {
            unlisted.putIfAbsent(entry.eventId(), new Seen(leafIndex, stream, entry.occurredAt(), entry.caseId(), entry.caseMunicipality(),
                    seenAt));
        } else {
            untracked.computeIfAbsent(stream, s -> new Untracked()).add(leafIndex, entry.occurredAt());
        }
    }

    /**
     * Manifest n+1 must begin right after manifest n ends ({@code fromPosition} = n's {@code toPosition} + 1): case-service
     * numbers each range from where the last one ended, in the same transaction. A range that begins further on leaves
     * positions no manifest accounts for (the runtime role of case-service may move {@code publication_manifest_stream.
     * last_position}, and events of the skipped range would then be in no manifest, so neither missing nor unaccounted
     * if they never reached the log either); one that begins at or before n's end lists positions twice, and one that
     * begins at or before n's beginning goes backwards.
     *
     * @param earlier its number and positions
     * @param later   its number, first position and log entry
     */
    private void followsOn(Stream stream, Ranged earlier, Ranged later) {
        long n = earlier.sequence();
        long prevFrom = earlier.from();
        long prevTo = earlier.to();
        long next = later.sequence();
        long from = later.from();
        long leaf = later.leaf();
        if (from == prevTo + 1) {
            return;
        }
        if (from > prevTo + 1) {
            positionFindings.add(new Discrepancy(Discrepancy.Kind.POSITION_GAP, stream, next, null, null, leaf, null,
                    "positions " + (prevTo + 1) + " to " + (from - 1) + " of " + stream + " are in no manifest: manifest " + n
                            + " ends at position " + prevTo + " and manifest " + next + " begins at " + from));
        } else if (from > prevFrom) {
            positionFindings.add(new Discrepancy(Discrepancy.Kind.POSITION_OVERLAP, stream, next, null, null, leaf, null,
                    "manifest " + next + " of " + stream + " begins at position " + from + ", within manifest " + n
                            + " (positions " + prevFrom + " to " + prevTo + "): positions from " + from + " to " + prevTo
                            + " are listed by both"));
        } else {
            positionFindings.add(new Discrepancy(Discrepancy.Kind.POSITIONS_BACKWARDS, stream, next, null, null, leaf, null,
                    "manifest " + next + " of " + stream + " goes backwards: it begins at position " + from
                            + ", not after manifest " + n + " (positions " + prevFrom + " to " + prevTo + ")"));
        }
    }

    /** case-service entries appended before producer signatures and publication manifests (development data only). */
    public long unsignedBeforeManifests() {
        return unsignedBeforeManifests;
    }

    public List<Discrepancy> discrepancies(Instant now, Duration grace) {
        return discrepancies(now, grace, ids -> Set.of());
    }

    /** As below, with no case's municipality named. */
    public List<Discrepancy> discrepancies(Instant now, Duration grace, Function<Collection<UUID>, Set<UUID>> inLog) {
        return discrepancies(now, grace, inLog, caseIds -> Map.of());
    }

    /**
     * @param inLog          which of these event ids the log holds; asked only about events listed in a stream that has
     *                       untracked events, so normally never
     * @param municipalities the municipality the log's entries name for each of these cases; asked once per case of a
     *                       missing event (a manifest's item names its case, not its municipality), as keeping every
     *                       case's municipality would grow with every case the log ever saw
     */
    public List<Discrepancy> discrepancies(Instant now, Duration grace, Function<Collection<UUID>, Set<UUID>> inLog,
                                           Function<Collection<UUID>, Map<UUID, String>> municipalities) {
        accountForUntracked(inLog);
        Set<UUID> casesOfMissing = new HashSet<>();
        for (Awaited item : awaited.values()) {
            if (item.caseId() != null && item.missingAt(now, grace)) {
                casesOfMissing.add(item.caseId());
            }
        }
        reportedCaseMunicipalities.keySet().retainAll(casesOfMissing);
        List<UUID> unknown = casesOfMissing.stream().filter(caseId -> !reportedCaseMunicipalities.containsKey(caseId)).toList();
        if (!unknown.isEmpty()) {
            // a case the log names no municipality for yet is asked about again on the next run
            municipalities.apply(unknown).forEach(reportedCaseMunicipalities::put);
        }
        List<Discrepancy> found = new ArrayList<>();
        for (var byStream : numbers.entrySet()) {
            Stream stream = byStream.getKey();
            long expected = 1;
            for (var run : byStream.getValue().runs.entrySet()) {
                long first = run.getKey();
                if (first > expected) {
                    String numbers = expected == first - 1 ? "manifest " + expected : "manifests " + expected + " to " + (first - 1);
                    found.add(new Discrepancy(Discrepancy.Kind.SEQUENCE_GAP, stream, expected, null, null, run.getValue().firstLeaf, null,
                            numbers + " of " + stream + " never reached the log (manifest " + first + " did)"));
                }
                expected = run.getValue().last + 1;
            }
        }
        for (var waiting : awaited.entrySet()) {
            Awaited item = waiting.getValue();
            if (!item.missingAt(now, grace)) {
                continue;
            }
            found.add(new Discrepancy(Discrepancy.Kind.MISSING_EVENT, item.stream(), item.sequence(), waiting.getKey(), item.caseId(),
                    item.manifestLeaf(), item.caseId() == null ? null : reportedCaseMunicipalities.get(item.caseId()),
                    "manifest " + item.sequence() + " of " + item.stream() + " lists event " + waiting.getKey()
                            + ", which the log never received"));
        }
        found.addAll(positionFindings);
        Map<Stream, Overdue> overdue = new EnumMap<>(Stream.class);
        for (var seen : unlisted.entrySet()) {
            Seen event = seen.getValue();
            if (event.occurredAt() == null) {
                continue;
            }
            Numbers stream = numbers.get(event.stream());
            Front front = stream == null ? null : stream.front;
            if (front != null && front.occurredAt().isAfter(event.occurredAt().plus(grace))) {
                found.add(new Discrepancy(Discrepancy.Kind.UNACCOUNTED_EVENT, event.stream(), null, seen.getKey(), event.caseId(),
                        event.leafIndex(), event.municipality(), "event " + seen.getKey() + " (log entry " + event.leafIndex()
                        + ") is listed by no manifest of " + event.stream() + ", although manifest " + front.sequence()
                        + " lists an event that occurred more than " + grace + " after it"));
            } else if (event.occurredAt().plus(grace).isBefore(now) && event.seenAt().plus(grace).isBefore(now)) {
                // no later manifest at all: case-service stopped listing (or the manifests stopped reaching the log);
                // read late, an event waits the grace period from when it was read, as its manifest may follow it
                overdue.computeIfAbsent(event.stream(), s -> new Overdue()).add(seen.getKey(), event);
            }
        }
        untracked.forEach((stream, counted) -> {
            Numbers seen = numbers.get(stream);
            Front front = seen == null ? null : seen.front;
            if (counted.count > 0 && counted.last != null && front != null && front.occurredAt().isAfter(counted.last.plus(grace))) {
                found.add(new Discrepancy(Discrepancy.Kind.UNACCOUNTED_EVENT, stream, null, null, null, counted.firstLeaf, null,
                        counted.count + " event(s) of " + stream + " that occurred from " + counted.first + " to " + counted.last
                                + " (from log entry " + counted.firstLeaf + ") are listed by no manifest, although manifest "
                                + front.sequence() + " lists an event that occurred more than " + grace + " after them; "
                                + "they arrived while " + maxUnlisted + " events already waited for a manifest, so the "
                                + "ledger counted them without keeping their ids"));
            }
        });
        overdue.forEach((stream, late) -> {
            Latest last = latest(stream);
            found.add(new Discrepancy(Discrepancy.Kind.MANIFESTS_OVERDUE, stream, last == null ? null : last.sequence(),
                    late.oldestId, null, late.oldest.leafIndex(), null, late.count + " event(s) of " + stream
                    + (untracked.containsKey(stream) ? " (and " + untracked.get(stream).count + " more counted beyond the ledger's bound)" : "")
                    + " have waited more than " + grace + " for a manifest of case-service to list them, the oldest "
                    + late.oldestId + " (log entry " + late.oldest.leafIndex() + ") since " + late.oldest.occurredAt() + "; "
                    + (last == null ? "no manifest of " + stream + " reached the log"
                    : "the latest manifest is " + last.sequence() + ", issued " + last.issuedAt())));
        });
        found.sort(Comparator.comparing((Discrepancy d) -> d.leafIndex() == null ? Long.MAX_VALUE : d.leafIndex())
                .thenComparing(Discrepancy::key));
        return found;
    }

    /** Listed events the log holds although the ledger did not keep them (beyond the bound): accounted for now. */
    private void accountForUntracked(Function<Collection<UUID>, Set<UUID>> inLog) {
        for (var byStream : untracked.entrySet()) {
            Untracked counted = byStream.getValue();
            List<UUID> waiting = awaited.entrySet().stream().filter(a -> a.getValue().stream() == byStream.getKey())
                    .map(Map.Entry::getKey).toList();
            for (int from = 0; from < waiting.size() && counted.count > 0; from += 1000) {
                for (UUID held : inLog.apply(waiting.subList(from, Math.min(from + 1000, waiting.size())))) {
                    Awaited listing = awaited.remove(held);
                    if (listing != null && counted.count > 0) {
                        counted.count--;
                    }
                }
            }
        }
        // all of them accounted for: a later overflow starts its own count
        untracked.values().removeIf(counted -> counted.count == 0);
    }

    /** What the ledger holds now (the listed events not received and the events not listed yet), for tests and gauges. */
    public int openItems() {
        return awaited.size() + unlisted.size();
    }

    /** The events of one stream that no manifest listed in time; reported once, by the oldest. */
    private static final class Overdue {
        private int count;
        private UUID oldestId;
        private Seen oldest;

        void add(UUID eventId, Seen event) {
            count++;
            if (oldest == null || event.leafIndex() < oldest.leafIndex()) {
                oldest = event;
                oldestId = eventId;
            }
        }
    }

    public List<StreamSummary> streams() {
        List<StreamSummary> summaries = new ArrayList<>();
        for (Stream stream : Stream.values()) {
            Numbers seen = numbers.get(stream);
            Latest last = seen == null ? null : seen.latest;
            Untracked counted = untracked.get(stream);
            summaries.add(new StreamSummary(stream, seen == null ? 0 : (int) seen.count(),
                    last == null ? null : last.sequence(), last == null ? null : last.toPosition(), last == null ? null : last.issuedAt(),
                    counted == null ? 0 : counted.count));
        }
        return summaries;
    }

    private Latest latest(Stream stream) {
        Numbers seen = numbers.get(stream);
        return seen == null ? null : seen.latest;
    }
}
