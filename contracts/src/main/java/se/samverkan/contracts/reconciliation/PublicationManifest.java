package se.samverkan.contracts.reconciliation;

import se.samverkan.contracts.EventFamily;
import se.samverkan.contracts.IntegrationEvent;
import se.samverkan.contracts.IntegrationEventType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * case-service's own account of what its store holds and has published, so the audit log can be reconciled with it
 * without either side reading the other's database: every event of positions {@code fromPosition..toPosition}
 * (inclusive) of one stream, by event id and case. Manifests of a stream are numbered without gaps from 1, so a
 * missing manifest shows as well as a missing event.
 */
@IntegrationEventType("se.samverkan.case.publication-manifest.v1")
public record PublicationManifest(
        UUID manifestId,
        Stream stream,
        long sequence,
        long fromPosition,
        long toPosition,
        List<Item> events,
        Instant issuedAt) implements IntegrationEvent {

    public enum Stream {
        /** integration events relayed from the event store; positions are the store's global index */
        CASE_EVENTS,
        /** access events relayed from the access outbox; positions are its row sequence */
        ACCESS_EVENTS
    }

    /** @param caseId the case the event is about; null for events about no case (e.g. a refused unit report) */
    public record Item(UUID eventId, UUID caseId) {
    }

    public PublicationManifest {
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** All manifests of one stream share a key, so they arrive in order. */
    @Override
    public String subject() {
        return "manifest-" + stream.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    @Override
    public EventFamily family() {
        return new EventFamily.Manifest(this);
    }
}
