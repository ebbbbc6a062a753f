package se.samverkan.audit.log;

import java.util.UUID;

/** Where an event ended up; {@code duplicate} when the log already held it (a redelivery or replay). */
public record AppendResult(UUID eventId, long leafIndex, boolean duplicate) {
}
