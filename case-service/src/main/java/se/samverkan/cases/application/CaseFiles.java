package se.samverkan.cases.application;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;
import se.samverkan.cases.config.CaseServiceProperties;
import se.samverkan.cases.domain.CaseAggregate;
import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.domain.CaseSnapshot;
import se.samverkan.cases.privacy.DataKeyCache;
import se.samverkan.platform.problem.DatabaseUnavailable;

import java.util.Optional;

/**
 * Reads one case straight from the event store, so a client sees its own write at once and the version it gets is
 * the one its next If-Match will be checked against. The read starts from the case's latest snapshot (the same one
 * the aggregate loads from) and folds only the events after it, so a case with years of events reads like a new one.
 * A clearing or a shred after the snapshot cannot be missed: the clearing is one of the events folded after it, and
 * the snapshot's personal data is sealed under the same subject keys as the events.
 * <p>
 * Every read (and every write's access decision) needs the file, so the last file read is kept in memory briefly and
 * a read folds only the events stored after it: one indexed query that usually returns nothing, instead of opening
 * every sealed field again. The kept file holds personal data in clear, exactly like the unwrapped data keys of
 * {@link DataKeyCache}, so it lives no longer than they do, and any shred on this instance drops every kept file at
 * once (the cache's eviction stamp), so a shredded subject is never answered from memory.
 * <p>
 * A read that finds the case's usable snapshot more than the threshold of events behind stores the file it folded as
 * the new one ({@link LateSnapshots}), so the command that follows loads from it.
 */
@Component
public class CaseFiles {

    /** Enough for every case a municipality's staff work on in a few seconds; each is a few kilobytes. */
    static final int KEPT_FILES = 2_000;

    /** One fold of a stored case: whether it started from a snapshot, and how many events followed it. */
    public record Folded(CaseFile file, boolean fromSnapshot, long eventsAfterSnapshot) {
    }

    /** {@code unsnapshotted}: how many events the file is past the case's latest usable snapshot, at most. */
    private record Kept(CaseSnapshot file, long version, long shredStamp, long unsnapshotted) {
    }

    private final EventStore eventStore;
    private final DistributionSummary eventsRead;
    private final DataKeyCache keys;
    private final Cache<String, Kept> kept;
    private final LateSnapshots lateSnapshots;

    public CaseFiles(EventStore eventStore, MeterRegistry meters, DataKeyCache keys, CaseServiceProperties properties,
                     LateSnapshots lateSnapshots) {
        this.eventStore = eventStore;
        this.lateSnapshots = lateSnapshots;
        this.keys = keys;
        this.kept = Caffeine.newBuilder()
                .expireAfterWrite(properties.dataKeyCacheTtl())
                .maximumSize(KEPT_FILES)
                .build();
        this.eventsRead = DistributionSummary.builder("samverkan.cases.read.events")
                .description("events folded per case read after the snapshot it started from")
                .register(meters);
    }

    public Optional<CaseFile> load(CaseId caseId) {
        Folded folded = read(caseId);
        return folded.file().exists() ? Optional.of(folded.file()) : Optional.empty();
    }

    public Folded read(CaseId caseId) {
        String id = caseId.toString();
        long stamp = keys.stamp();
        Kept known = kept.getIfPresent(id);
        Folded folded;
        long unsnapshotted;
        if (known != null && known.shredStamp() == stamp) {
            CaseFile file = CaseFile.restore(known.file());
            long events = 0;
            DomainEventStream newer = eventStore.readEvents(id, known.version() + 1);
            while (newer.hasNext()) {
                if (newer.next().getPayload() instanceof CaseEvent event) {
                    file.apply(event);
                    events++;
                }
            }
            folded = new Folded(file, true, events);
            unsnapshotted = known.unsnapshotted() + events;
        } else {
            folded = fold(eventStore.readEvents(id));
            unsnapshotted = folded.eventsAfterSnapshot();
        }
        eventsRead.record(folded.eventsAfterSnapshot());
        long stillUnsnapshotted = lateSnapshots.afterRead(folded.file(), unsnapshotted);
        if (folded.file().exists() && (known == null || folded.eventsAfterSnapshot() > 0 || known.shredStamp() != stamp
                || stillUnsnapshotted != unsnapshotted) && keys.stamp() == stamp) {
            // a shred that ran while this read was folding leaves nothing behind (the stamp moved)
            kept.put(id, new Kept(folded.file().snapshot(), folded.file().version(), stamp, stillUnsnapshotted));
        }
        return folded;
    }

    /** A stored case's stream (its latest snapshot first, if any, then the events after it) as a case file. */
    public static Folded fold(DomainEventStream stream) {
        CaseFile file = new CaseFile();
        boolean fromSnapshot = false;
        long events = 0;
        while (stream.hasNext()) {
            Object payload = stream.next().getPayload();
            if (payload instanceof CaseSnapshot snapshot) {
                file = CaseFile.restore(snapshot);
                fromSnapshot = true;
                events = 0;
            } else if (payload instanceof CaseEvent event) {
                file.apply(event);
                events++;
            }
        }
        return new Folded(file, fromSnapshot, events);
    }

    /** The snapshot of a stored case file as of its last event, as the aggregate's snapshots are stored. */
    public static DomainEventMessage<CaseSnapshot> snapshotOf(CaseFile file) {
        return new GenericDomainEventMessage<>(CaseAggregate.class.getSimpleName(), file.caseId().toString(),
                file.version(), file.snapshot());
    }

    public long currentVersion(CaseId caseId) {
        return eventStore.lastSequenceNumberFor(caseId.toString()).orElse(-1L);
    }

    /**
     * The version of a case just created, read after its commit. The creation is stored whatever this read meets, so
     * a database that is busy or away now gives no version rather than an error that would say nothing was stored.
     */
    public java.util.OptionalLong versionAfterCreation(CaseId caseId) {
        try {
            return java.util.OptionalLong.of(currentVersion(caseId));
        } catch (RuntimeException e) {
            if (DatabaseUnavailable.causedBy(e)) {
                return java.util.OptionalLong.empty();
            }
            throw e;
        }
    }
}
