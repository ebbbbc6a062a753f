package se.samverkan.cases.storedevents;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * What the event processors get in place of a stored event that fails its authenticity check
 * ({@link StoredEventMacs}): its place in the store and why, never its content. The message around it keeps the row's
 * position (so the processors' tokens move past it), aggregate identifier, sequence number and event id, and no
 * metadata. No projection handles this type, so no read model applies the row; the integration relay sets it aside
 * as forged and publishes nothing.
 *
 * @param globalIndex the row's position in {@code domain_event_entry}
 * @param verdict     why it was refused ({@link StoredEventMacs.Verdict}, never {@code AUTHENTIC} or {@code LEGACY})
 */
public record ForgedStoredEvent(long globalIndex, StoredEventMacs.Verdict verdict) {

    /**
     * An id for the dead-letter row: the row's event id when it is a UUID, else a UUID named after it (whoever wrote
     * the row chose the text, so it is never logged).
     */
    public static UUID eventIdOf(String eventIdentifier) {
        return uuid(eventIdentifier).orElseGet(() -> UUID.nameUUIDFromBytes(
                ("forged-stored-event:" + eventIdentifier).getBytes(StandardCharsets.UTF_8)));
    }

    /** The aggregate identifier when it is a case id (a UUID); anything else a forger wrote is not repeated. */
    public static Optional<UUID> uuid(String identifier) {
        try {
            return identifier == null || identifier.length() != 36 ? Optional.empty() : Optional.of(UUID.fromString(identifier));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
