package se.samverkan.cases.application;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;
import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.domain.CaseSnapshot;

import java.util.Optional;

/**
 * Reads one case straight from the event store, so a client sees its own write at once and the version it gets is
 * the one its next If-Match will be checked against. The read starts from the case's latest snapshot (the same one
 * the aggregate loads from) and folds only the events after it, so a case with years of events reads like a new one.
 * A clearing or a shred after the snapshot cannot be missed: the clearing is one of the events folded after it, and
 * the snapshot's personal data is sealed under the same subject keys as the events.
 */
@Component
public class CaseFiles {

    /** One fold of a stored case: whether it started from a snapshot, and how many events followed it. */
    public record Folded(CaseFile file, boolean fromSnapshot, long eventsAfterSnapshot) {
    }

    private final EventStore eventStore;
    private final DistributionSummary eventsRead;

    public CaseFiles(EventStore eventStore, MeterRegistry meters) {
        this.eventStore = eventStore;
        this.eventsRead = DistributionSummary.builder("samverkan.cases.read.events")
                .description("events folded per case read after the snapshot it started from")
                .register(meters);
    }

    public Optional<CaseFile> load(CaseId caseId) {
        Folded folded = read(caseId);
        return folded.file().exists() ? Optional.of(folded.file()) : Optional.empty();
    }

    public Folded read(CaseId caseId) {
        Folded folded = fold(eventStore.readEvents(caseId.toString()));
        eventsRead.record(folded.eventsAfterSnapshot());
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

    public long currentVersion(CaseId caseId) {
        return eventStore.lastSequenceNumberFor(caseId.toString()).orElse(-1L);
    }
}
