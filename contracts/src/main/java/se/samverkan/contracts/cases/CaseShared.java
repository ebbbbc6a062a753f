package se.samverkan.contracts.cases;

import se.samverkan.contracts.*;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * An exit-program case was shared with a partner municipality. Since issue 14 a share names the partner unit, the
 * role the partner plays, the data categories, the consent it rests on, the exit coordinators assigned to it (only
 * they may see the case) and its last day; events from before carry only {@code partnerMunicipality}.
 */
@IntegrationEventType("se.samverkan.case.case-shared.v1")
public record CaseShared(
        CaseRef caseRef,
        ActorRef actor,
        Instant occurredAt,
        String partnerMunicipality,
        UUID shareId,
        String partnerUnit,
        String role,
        List<DataCategory> dataCategories,
        UUID consentId,
        List<String> coordinators,
        LocalDate validUntil,
        String legalBasis,
        String approvedBy) implements CaseIntegrationEvent {

    /**
     * A share on the subject's consent, published without {@code legalBasis} and {@code approvedBy}: those name the
     * provision of the owning municipality's legal-basis catalogue a four-eyes share rests on and the second person
     * who approved it (issue 14, additive).
     */
    public CaseShared(CaseRef caseRef, ActorRef actor, Instant occurredAt, String partnerMunicipality, UUID shareId,
                      String partnerUnit, String role, List<DataCategory> dataCategories, UUID consentId,
                      List<String> coordinators, LocalDate validUntil) {
        this(caseRef, actor, occurredAt, partnerMunicipality, shareId, partnerUnit, role, dataCategories, consentId,
                coordinators, validUntil, null, null);
    }

    /** A share as published before issue 14: the municipality only. */
    public CaseShared(CaseRef caseRef, ActorRef actor, Instant occurredAt, String partnerMunicipality) {
        this(caseRef, actor, occurredAt, partnerMunicipality, null, null, null, null, null, null, null, null, null);
    }
}
