package se.samverkan.cases.application;

import org.axonframework.eventsourcing.eventstore.EventStoreException;
import se.samverkan.cases.storedevents.StoredEventMacs;

/**
 * A case's stored history holds an event the service did not write ({@link StoredEventMacs}): the case is not loaded,
 * neither for a read nor for a command, since every decision on it would rest on that event. Carries positions
 * only, no content.
 * <p>
 * Thrown by the event store ({@code config.AuthenticEventStorageEngine}) when {@link CaseFiles} or a command loads
 * the case; it lives here, with the reads, because work over many cases (a retention run, a subject access export)
 * must tell this case apart and go on without it, and features reach the store only through this package.
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

    /** This exception where it is {@code failure} or its cause (Axon may wrap what the store threw). */
    public static java.util.Optional<ForgedEventException> foundIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ForgedEventException forged) {
                return java.util.Optional.of(forged);
            }
        }
        return java.util.Optional.empty();
    }

    /** Null where the row's aggregate identifier is no case id. */
    public java.util.UUID caseId() {
        return caseId;
    }

    public long globalIndex() {
        return globalIndex;
    }
}
