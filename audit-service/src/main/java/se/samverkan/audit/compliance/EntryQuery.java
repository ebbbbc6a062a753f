package se.samverkan.audit.compliance;

import java.time.Instant;
import java.util.UUID;

/** Search criteria; every one is optional and they combine with AND. */
public record EntryQuery(UUID caseId, UUID subjectId, String actorId, String type, String action, String legalBasis,
                         Instant from, Instant to) {
}
