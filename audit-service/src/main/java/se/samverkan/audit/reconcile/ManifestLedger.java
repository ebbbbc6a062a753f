package se.samverkan.audit.reconcile;

import se.samverkan.audit.log.PendingEntry;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.contracts.reconciliation.PublicationManifest;
import se.samverkan.contracts.reconciliation.PublicationManifest.Stream;
import se.samverkan.signing.EventProducer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Reconciles the log with case-service's publication manifests, from the log's entries alone (each read from its
 * bytes, so a changed search column changes nothing). Manifests are case-service's signed account of every event of
 * a range of its stream; the log verified that signature before appending them, like every other entry.
 *
 * <ul>
 *   <li>an event a manifest lists that the log lacks, once the manifest was issued and read more than the grace
 *       period ago (the event may travel on another partition or topic than the manifest, and arrive later);</li>
 *   <li>a case-service event no manifest lists, once a manifest of its stream was issued more than the grace period
 *       after the event occurred (the manifest should then have covered it);</li>
 *   <li>manifest numbers of a stream that never arrived (numbered from 1 without gaps), as one discrepancy per gap.</li>
 * </ul>
 * Spring-free and not thread-safe: one scheduled job feeds and asks it.
 */
public final class ManifestLedger {

    private record Manifest(long leafIndex, long sequence, long fromPosition, long toPosition, Instant issuedAt, Instant seenAt,
                            List<PublicationManifest.Item> events) {

        /** From when a listed event that is still missing counts as missing. */
        Instant dueAt(Duration grace) {
            Instant from = issuedAt == null || issuedAt.isBefore(seenAt) ? seenAt : issuedAt;
            return from.plus(grace);
        }
    }

    private record Seen(long leafIndex, Stream stream, Instant occurredAt, UUID caseId, String municipality) {
    }

    private final Map<Stream, TreeMap<Long, Manifest>> manifests = new EnumMap<>(Stream.class);
    private final Map<UUID, Seen> events = new HashMap<>();
    private final Map<UUID, Stream> listed = new HashMap<>();
    private final Map<UUID, String> caseMunicipalities = new HashMap<>();
    private long unsignedBeforeManifests;

    public record StreamSummary(Stream stream, int manifests, Long lastSequence, Long lastPosition, Instant lastIssuedAt) {
    }

    /** Feeds one entry, in leaf order; {@code seenAt} is when the ledger read it. */
    public void accept(long leafIndex, PendingEntry entry, Instant seenAt) {
        if (entry.caseId() != null && entry.caseMunicipality() != null) {
            caseMunicipalities.putIfAbsent(entry.caseId(), entry.caseMunicipality());
        }
        if (entry.event() == null || !EventProducer.CASE_SERVICE.mayProduce(entry.eventType(), null)) {
            return;
        }
        if (entry.event() instanceof PublicationManifest m) {
            if (m.stream() == null) {
                return;
            }
            // a second manifest with a number already seen changes nothing: the first one stands
            Manifest previous = manifests.computeIfAbsent(m.stream(), s -> new TreeMap<>()).putIfAbsent(m.sequence(),
                    new Manifest(leafIndex, m.sequence(), m.fromPosition(), m.toPosition(), m.issuedAt(), seenAt, m.events()));
            if (previous == null) {
                m.events().forEach(item -> listed.putIfAbsent(item.eventId(), m.stream()));
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
        events.putIfAbsent(entry.eventId(), new Seen(leafIndex, stream, entry.occurredAt(), entry.caseId(), entry.caseMunicipality()));
    }

    /** case-service entries appended before producer signatures and publication manifests (development data only). */
    public long unsignedBeforeManifests() {
        return unsignedBeforeManifests;
    }

    public List<Discrepancy> discrepancies(Instant now, Duration grace) {
        List<Discrepancy> found = new ArrayList<>();
        for (var byStream : manifests.entrySet()) {
            Stream stream = byStream.getKey();
            long expected = 1;
            for (Manifest manifest : byStream.getValue().values()) {
                if (manifest.sequence() > expected) {
                    String numbers = expected == manifest.sequence() - 1 ? "manifest " + expected
                            : "manifests " + expected + " to " + (manifest.sequence() - 1);
                    found.add(new Discrepancy(Discrepancy.Kind.SEQUENCE_GAP, stream, expected, null, null, manifest.leafIndex(), null,
                            numbers + " of " + stream + " never reached the log (manifest " + manifest.sequence() + " did)"));
                }
                expected = Math.max(expected, manifest.sequence() + 1);
                if (manifest.dueAt(grace).isAfter(now)) {
                    continue;
                }
                for (PublicationManifest.Item item : manifest.events()) {
                    if (item.eventId() != null && !events.containsKey(item.eventId())) {
                        found.add(new Discrepancy(Discrepancy.Kind.MISSING_EVENT, stream, manifest.sequence(), item.eventId(), item.caseId(),
                                manifest.leafIndex(), item.caseId() == null ? null : caseMunicipalities.get(item.caseId()),
                                "manifest " + manifest.sequence() + " of " + stream + " lists event " + item.eventId()
                                        + ", which the log never received"));
                    }
                }
            }
        }
        for (var seen : events.entrySet()) {
            Seen event = seen.getValue();
            if (listed.containsKey(seen.getKey()) || event.occurredAt() == null) {
                continue;
            }
            Manifest covering = latest(event.stream());
            if (covering != null && covering.issuedAt() != null && covering.issuedAt().isAfter(event.occurredAt().plus(grace))) {
                found.add(new Discrepancy(Discrepancy.Kind.UNACCOUNTED_EVENT, event.stream(), null, seen.getKey(), event.caseId(),
                        event.leafIndex(), event.municipality(), "event " + seen.getKey() + " (log entry " + event.leafIndex()
                        + ") is listed by no manifest of " + event.stream() + ", although manifest " + covering.sequence()
                        + " was issued after it"));
            }
        }
        found.sort(Comparator.comparing((Discrepancy d) -> d.leafIndex() == null ? Long.MAX_VALUE : d.leafIndex())
                .thenComparing(Discrepancy::key));
        return found;
    }

    public List<StreamSummary> streams() {
        List<StreamSummary> summaries = new ArrayList<>();
        for (Stream stream : Stream.values()) {
            Manifest last = latest(stream);
            summaries.add(new StreamSummary(stream, manifests.getOrDefault(stream, new TreeMap<>()).size(),
                    last == null ? null : last.sequence(), last == null ? null : last.toPosition(), last == null ? null : last.issuedAt()));
        }
        return summaries;
    }

    private Manifest latest(Stream stream) {
        TreeMap<Long, Manifest> byNumber = manifests.get(stream);
        return byNumber == null || byNumber.isEmpty() ? null : byNumber.lastEntry().getValue();
    }
}
