package se.samverkan.audit.compliance;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One time a subject's data left social services: to whom, what, on which basis, when. */
public record Disclosure(
        String kind,
        Instant occurredAt,
        UUID caseId,
        UUID referralId,
        String recipientAgency,
        String recipientUnit,
        String recipientUserId,
        List<String> dataCategories,
        String legalBasis,
        String disclosedBy,
        long leafIndex,
        UUID eventId) {
}
