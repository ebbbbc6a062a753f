package se.samverkan.cases.partnership;

import se.samverkan.cases.catalogue.Coded;
import se.samverkan.cases.catalogue.LegalBasisCatalogues;
import se.samverkan.cases.catalogue.MunicipalVocabularies;
import se.samverkan.contracts.vocabulary.MeasureType;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.core.CaseWrite;
import se.samverkan.cases.domain.CaseCommand.*;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.ConsentId;
import se.samverkan.cases.domain.PartnerShare;
import se.samverkan.cases.partnership.PartnershipRequests.*;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;

import java.util.Map;
import java.util.UUID;

import static se.samverkan.cases.access.Operation.*;

/**
 * Sharing an exit case with a partner municipality's unit (issue 14): the owner shares on a consent, ends a share,
 * marks notes shareable and records cost sharing; the partner's assigned coordinators write in their own section. The
 * partner reads the case through {@code GET /api/cases/{caseId}}, as the policy lets it.
 */
@RestController
@RequestMapping("/api/cases/{caseId}")
public class PartnershipController {

    private final MunicipalVocabularies vocabularies;
    private final LegalBasisCatalogues legalBases;

    public PartnershipController(MunicipalVocabularies vocabularies, LegalBasisCatalogues legalBases) {
        this.vocabularies = vocabularies;
        this.legalBases = legalBases;
    }

    @PostMapping("/sharing")
    @AccessOperation(SHARE_CASE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<?> share(CaseWrite write, @Valid @RequestBody ShareRequest request) {
        String shareId = UUID.randomUUID().toString();
        // a named basis as the owning municipality's catalogue has it now; an unknown or retired code is a 422
        return write.send(request, (file, v) -> new ShareCase(file.caseId(), shareId, request.partnerMunicipality(),
                request.partnerUnit(), request.role(), request.dataCategories(),
                request.consentId() == null ? null : new ConsentId(request.consentId()),
                request.coordinators(), request.validUntil(), v, write.actor(), write.now(),
                request.legalBasis() == null ? null : legalBases.current(file.municipality()).forNewReferral(request.legalBasis()),
                request.weighingOfInterests(), request.riskAssessment()),
                Map.of("shareId", shareId));
    }

    /** Four eyes, the second person: the share is judged again and, if it holds, the partner sees the case from now. */
    @PostMapping("/sharing/{shareId}/approval")
    @AccessOperation(APPROVE_SHARE)
    public ResponseEntity<?> approveShare(CaseWrite write, @PathVariable UUID shareId) {
        String id = shareId.toString();
        return write.send((file, v) -> new ApprovePartnerShare(file.caseId(), id,
                file.pendingShare(id).map(p -> p.legalBasis())
                        .flatMap(code -> legalBases.current(file.municipality()).find(code)).orElse(null),
                v, write.actor(), write.now()), Map.of("shareId", id, "status", "SHARED"));
    }

    @PostMapping("/sharing/{shareId}/refusal")
    @AccessOperation(APPROVE_SHARE)
    public ResponseEntity<?> refuseShare(CaseWrite write, @PathVariable UUID shareId) {
        String id = shareId.toString();
        return write.send((file, v) -> new RefusePartnerShare(file.caseId(), id, v, write.actor(), write.now()),
                Map.of("shareId", id, "status", "REFUSED"));
    }

    @PostMapping("/sharing/{shareId}/ending")
    @AccessOperation(SHARE_CASE)
    public ResponseEntity<?> endShare(CaseWrite write, @PathVariable UUID shareId) {
        return write.send((file, v) -> new EndPartnerShare(file.caseId(), shareId.toString(), v, write.actor(), write.now()),
                Map.of());
    }

    @PostMapping("/notes/{noteId}/shareable")
    @AccessOperation(WRITE_CASE)
    public ResponseEntity<?> markShareable(CaseWrite write, @PathVariable UUID noteId) {
        return write.send((file, v) -> new MarkNoteShareable(file.caseId(), noteId.toString(), v, write.actor(), write.now()),
                Map.of());
    }

    @PostMapping("/cost-shares")
    @AccessOperation(SHARE_CASE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<?> recordCostShare(CaseWrite write, @Valid @RequestBody CostShareRequest request) {
        String costShareId = UUID.randomUUID().toString();
        return write.send(request, (file, v) -> new RecordCostShare(file.caseId(), costShareId, request.payerMunicipality(),
                request.costType(), request.percent(), request.fromDate(), request.untilDate(), v, write.actor(),
                write.now()), Map.of("costShareId", costShareId));
    }

    @PostMapping("/partner-notes")
    @AccessOperation(PARTNER_WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<?> recordPartnerNote(CaseWrite write, @Valid @RequestBody PartnerNoteRequest request) {
        String noteId = UUID.randomUUID().toString();
        return write.send(request, (file, v) -> new RecordPartnerNote(file.caseId(), shareOf(file, write.actor()), noteId,
                request.text(), v, write.actor(), write.now()), Map.of("noteId", noteId));
    }

    @PostMapping("/partner-measures")
    @AccessOperation(PARTNER_WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<?> recordPartnerMeasure(CaseWrite write, @Valid @RequestBody PartnerMeasureRequest request) {
        String measureId = UUID.randomUUID().toString();
        return write.send(request, (file, v) -> {
            // the partner records under its own authority, so its own municipality's measures apply
            Coded<MeasureType> type = vocabularies.choose(write.actor().municipality(), "measureType", MeasureType.class,
                    request.measureType());
            return new RecordPartnerMeasure(file.caseId(), shareOf(file, write.actor()), measureId, type.national(),
                    request.startDate(), request.endDate(), v, write.actor(), write.now(), type.local());
        }, Map.of("measureId", measureId));
    }

    /** The share the policy let this coordinator write through (the aggregate checks it again). */
    private static String shareOf(CaseFile file, Actor actor) {
        return file.shareAssignedTo(actor.userId(), actor.municipality(), actor.unit()).map(PartnerShare::shareId)
                .orElseThrow(() -> ClientProblem.forbidden("not-assigned-to-share", "You are not assigned to a share of this case"));
    }
}
