package se.samverkan.cases.storedevents;

import org.axonframework.eventsourcing.eventstore.EventStoreException;

/**
 * A case's stored history holds an event the service did not write ({@link StoredEventMacs}): the case is not loaded,
 * neither for a read nor for a command, since every decision on it would rest on that event. Carries positions
 * only, no content.
 */
public class ForgedEventException extends EventStoreException {

    private final transient java.util.UUID caseId;
    private final long globalIndex;

    public ForgedEventException(java.util.UUID caseId, long globalIndex, long sequenceNumber, StoredEventMacs.Verdict verdict) {
        super("The stored event at global index " + globalIndex + " (sequence number " + sequenceNumber + " of case "
                + (caseId == null ? "<not a case id>" : caseId) + ") fails its authenticity check (" + verdict
                + "); the case is not loaded");
        this.caseId = caseId;
        this.globalIndex = globalIndex;
    }

    /** Null where the row's aggregate identifier is no case id. */
    public java.util.UUID caseId() {
        return caseId;
    }

    public long globalIndex() {
        return globalIndex;
    }
}
