package se.samverkan.cases.consent;

import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.consent.ConsentRequests.RecordConsentRequest;
import se.samverkan.cases.consent.ConsentRequests.WithdrawConsentRequest;
import se.samverkan.cases.core.CaseWrite;
import se.samverkan.cases.domain.CaseCommand.RecordConsent;
import se.samverkan.cases.domain.CaseCommand.WithdrawConsent;
import se.samverkan.cases.domain.Consent;
import se.samverkan.cases.domain.ConsentId;
import se.samverkan.cases.domain.Personnummer;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static se.samverkan.cases.access.Operation.RECORD_CONSENT;
import static se.samverkan.cases.access.Operation.WITHDRAW_CONSENT;

/** Consents to share with the police: recorded with their parties, period and scope; withdrawing one revokes the referrals resting on it. */
@RestController
@RequestMapping("/api/cases")
public class ConsentController {

    @PostMapping("/{caseId}/consents")
    @AccessOperation(RECORD_CONSENT)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<?> recordConsent(CaseWrite write, @Valid @RequestBody RecordConsentRequest request) {
        ConsentId consentId = new ConsentId(UUID.randomUUID());
        List<Consent.ConsentParty> parties = request.parties().stream()
                .map(p -> new Consent.ConsentParty(p.role(), p.personalIdentityNumber() == null ? null
                        : Personnummer.parse(p.personalIdentityNumber()).value()))
                .toList();
        return write.send(request, (file, v) ->
                new RecordConsent(file.caseId(), consentId, parties, request.recipientAgency(), request.recipientUnit(),
                        request.purposes(), EnumSet.copyOf(request.dataCategories()), request.validFrom(),
                        request.validUntil(), request.documentReference(), v, write.actor(), write.now()),
                Map.of("consentId", consentId.value()));
    }

    @PostMapping("/{caseId}/consents/{consentId}/withdrawal")
    @AccessOperation(WITHDRAW_CONSENT)
    public ResponseEntity<?> withdrawConsent(CaseWrite write, @PathVariable UUID consentId,
                                             @Valid @RequestBody WithdrawConsentRequest request) {
        return write.send(request, (file, v) -> new WithdrawConsent(file.caseId(), new ConsentId(consentId),
                request.withdrawnBy(), request.withdrawnOn(), v, write.actor(), write.now()), Map.of("consentId", consentId));
    }
}
