package se.samverkan.audit.compliance;

import se.samverkan.audit.log.PendingEntry;

import java.time.Instant;
import java.util.UUID;

/** Search criteria; every one is optional and they combine with AND. */
public record EntryQuery(UUID caseId, UUID subjectId, String actorId, String type, String action, String legalBasis,
                         Instant from, Instant to) {

    public boolean filtered() {
        return caseId != null || subjectId != null || actorId != null || type != null || action != null
                || legalBasis != null || from != null || to != null;
    }

    /** Applied to what the entry's bytes say (never to the search columns, which a superuser could change). */
    public boolean matches(PendingEntry e) {
        return (caseId == null || caseId.equals(e.caseId()))
                && (subjectId == null || subjectId.equals(e.subjectId()))
                && (actorId == null || actorId.equals(e.actorId()))
                && (type == null || type.equals(e.eventType()))
                && (action == null || action.equals(e.action()))
                && (legalBasis == null || legalBasis.equals(e.legalBasis()))
                && (from == null || (e.occurredAt() != null && !e.occurredAt().isBefore(from)))
                && (to == null || (e.occurredAt() != null && e.occurredAt().isBefore(to)));
    }
}
