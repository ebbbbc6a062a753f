package se.samverkan.cases.referral;

import se.samverkan.cases.catalogue.Coded;
import se.samverkan.cases.catalogue.LegalBasisCatalogues;
import se.samverkan.cases.catalogue.MunicipalVocabularies;
import se.samverkan.contracts.vocabulary.ReferralOutcome;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.core.CaseWrite;
import se.samverkan.cases.domain.CaseCommand.ApproveReferral;
import se.samverkan.cases.domain.CaseCommand.CompleteReferral;
import se.samverkan.cases.domain.CaseCommand.CreateReferral;
import se.samverkan.cases.domain.CaseCommand.RevokeReferral;
import se.samverkan.cases.domain.ConsentId;
import se.samverkan.cases.domain.ReferralId;
import se.samverkan.cases.referral.ReferralRequests.CompleteReferralRequest;
import se.samverkan.cases.referral.ReferralRequests.CreateReferralRequest;
import se.samverkan.contracts.RevocationReason;

import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;

import static se.samverkan.cases.access.Operation.APPROVE_REFERRAL;
import static se.samverkan.cases.access.Operation.CREATE_REFERRAL;
import static se.samverkan.cases.access.Operation.MANAGE_REFERRAL;

/** Referrals from social services to the police liaison: created on a legal basis, approved when secrecy is broken, completed or revoked. */
@RestController
@RequestMapping("/api/cases")
public class ReferralController {

    private final LegalBasisCatalogues legalBases;
    private final MunicipalVocabularies vocabularies;

    public ReferralController(LegalBasisCatalogues legalBases, MunicipalVocabularies vocabularies) {
        this.legalBases = legalBases;
        this.vocabularies = vocabularies;
    }

    @PostMapping("/{caseId}/referrals")
    @AccessOperation(CREATE_REFERRAL)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<?> createReferral(CaseWrite write, @Valid @RequestBody CreateReferralRequest request) {
        ReferralId referralId = new ReferralId(UUID.randomUUID());
        // the basis as the owning municipality's catalogue has it now; an unknown or retired code is a 422
        return write.send(request, (file, v) ->
                new CreateReferral(file.caseId(), referralId, request.policeUnit(),
                        legalBases.current(file.municipality()).forNewReferral(request.legalBasis()), request.purpose(),
                        request.consentId() == null ? null : new ConsentId(request.consentId()),
                        EnumSet.copyOf(request.dataCategories()), request.caseSummary(), request.riskAssessment(),
                        request.weighingOfInterests(), v, write.actor(), write.now(),
                        Boolean.TRUE.equals(request.includeProtectedContact())),
                Map.of("referralId", referralId.value()));
    }

    @PostMapping("/{caseId}/referrals/{referralId}/approval")
    @AccessOperation(APPROVE_REFERRAL)
    public ResponseEntity<?> approveReferral(CaseWrite write, @PathVariable UUID referralId) {
        // the approval lets the data leave, so the referral's basis is judged as the catalogue has it now
        return write.send((file, v) -> new ApproveReferral(file.caseId(), new ReferralId(referralId),
                file.referral(new ReferralId(referralId))
                        .flatMap(r -> legalBases.current(file.municipality()).find(r.legalBasis())).orElse(null),
                v, write.actor(), write.now()), Map.of("referralId", referralId));
    }

    @PostMapping("/{caseId}/referrals/{referralId}/completion")
    @AccessOperation(MANAGE_REFERRAL)
    public ResponseEntity<?> completeReferral(CaseWrite write, @PathVariable UUID referralId,
                                              @Valid @RequestBody CompleteReferralRequest request) {
        return write.send(request, (file, v) -> {
            Coded<ReferralOutcome> outcome = vocabularies.choose(file.municipality(), "outcomeCode", ReferralOutcome.class,
                    request.outcomeCode());
            return new CompleteReferral(file.caseId(), new ReferralId(referralId), outcome.national(), v, write.actor(),
                    write.now(), outcome.local());
        }, Map.of("referralId", referralId));
    }

    @PostMapping("/{caseId}/referrals/{referralId}/revocation")
    @AccessOperation(MANAGE_REFERRAL)
    public ResponseEntity<?> revokeReferral(CaseWrite write, @PathVariable UUID referralId) {
        return write.send((file, v) -> new RevokeReferral(file.caseId(), new ReferralId(referralId),
                RevocationReason.WITHDRAWN_BY_SOCIAL_SERVICES, v, write.actor(), write.now()), Map.of("referralId", referralId));
    }
}
