package se.samverkan.cases.application;

import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;
import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseId;

import java.util.Optional;

/**
 * Reads one case straight from the event store, so a client sees its own write at once and the version it gets is
 * the one its next If-Match will be checked against.
 */
@Component
public class CaseFiles {

    private final EventStore eventStore;

    public CaseFiles(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    public Optional<CaseFile> load(CaseId caseId) {
        DomainEventStream stream = eventStore.readEvents(caseId.toString());
        CaseFile file = new CaseFile();
        while (stream.hasNext()) {
            if (stream.next().getPayload() instanceof CaseEvent event) {
                file.apply(event);
            }
        }
        return file.exists() ? Optional.of(file) : Optional.empty();
    }

    public long currentVersion(CaseId caseId) {
        return eventStore.lastSequenceNumberFor(caseId.toString()).orElse(-1L);
    }
}
