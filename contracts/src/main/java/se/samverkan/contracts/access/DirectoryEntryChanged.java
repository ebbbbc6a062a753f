package se.samverkan.contracts.access;

import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.EventFamily;
import se.samverkan.contracts.IntegrationEvent;
import se.samverkan.contracts.IntegrationEventType;

import java.time.Instant;
import java.util.List;

/**
 * An administrator changed (or tried to change) a service's copy of the staff directory. The directory is Keycloak's;
 * locally only a suspension can be set or lifted. A refused attempt names the fields it tried to change, never the
 * values (an e-mail address is personal data and the log keeps everything for ever).
 */
@IntegrationEventType("se.samverkan.access.directory-entry-changed.v1")
public record DirectoryEntryChanged(
        ActorRef actor,
        String service,
        String userId,
        Change change,
        List<String> refusedFields,
        AccessOutcome outcome,
        String denialReason,
        Instant occurredAt) implements IntegrationEvent {

    public enum Change {
        SUSPEND,
        LIFT_SUSPENSION,
        CREATE,
        EDIT
    }

    public DirectoryEntryChanged {
        refusedFields = refusedFields == null ? List.of() : List.copyOf(refusedFields);
    }

    @Override
    public String subject() {
        return userId;
    }

    @Override
    public EventFamily family() {
        return new EventFamily.Directory(this);
    }
}
