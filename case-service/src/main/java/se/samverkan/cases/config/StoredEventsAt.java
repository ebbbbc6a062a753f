package se.samverkan.cases.config;

import org.axonframework.eventhandling.TrackedEventMessage;

import java.util.List;

/**
 * The events stored at given positions of the event store's global index, read as the processors read them: each row
 * checked against its MAC (one that fails comes as a {@link se.samverkan.cases.storedevents.ForgedStoredEvent}, with
 * none of its content), upcast, its payload deserialized only when asked for. For checks that must not rest on what a
 * processor's token says it has read (the publication manifests, {@code publishing.PublicationManifests}).
 */
public interface StoredEventsAt {

    /** @return the events found at those positions, in the order of the index; a position without a row is left out */
    List<TrackedEventMessage<?>> readAt(List<Long> positions);
}
