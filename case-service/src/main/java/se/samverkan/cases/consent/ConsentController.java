package se.samverkan.cases.consent;

import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.*;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.api.CaseCommandEndpoint;
import se.samverkan.cases.api.CaseRequests.*;
import se.samverkan.cases.domain.CaseCommand.*;
import se.samverkan.cases.domain.Consent;
import se.samverkan.cases.domain.ConsentId;
import se.samverkan.cases.domain.Personnummer;
import se.samverkan.cases.idempotency.Idempotency;
import se.samverkan.platform.identity.Actor;

import java.time.Clock;
import java.time.Instant;
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

    private final CaseCommandEndpoint commands;
    private final Clock clock;

    public ConsentController(CaseCommandEndpoint commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @PostMapping("/{caseId}/consents")
    @AccessOperation(RECORD_CONSENT)
    public ResponseEntity<?> recordConsent(@AuthenticationPrincipal Actor actor, @PathVariable UUID caseId,
                                           @Valid @RequestBody RecordConsentRequest request,
                                           @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                           @RequestHeader(name = Idempotency.HEADER, required = false) String key) {
        ConsentId consentId = new ConsentId(UUID.randomUUID());
        List<Consent.ConsentParty> parties = request.parties().stream()
                .map(p -> new Consent.ConsentParty(p.role(), p.personalIdentityNumber() == null ? null
                        : Personnummer.parse(p.personalIdentityNumber()).value()))
                .toList();
        return commands.run(actor, caseId, RECORD_CONSENT, "consents", request, key, ifMatch, (file, v) ->
                new RecordConsent(file.caseId(), consentId, parties, request.recipientAgency(), request.recipientUnit(),
                        request.purposes(), EnumSet.copyOf(request.dataCategories()), request.validFrom(),
                        request.validUntil(), request.documentReference(), v, actor, now()),
                Map.of("consentId", consentId.value()));
    }

    @PostMapping("/{caseId}/consents/{consentId}/withdrawal")
    @AccessOperation(WITHDRAW_CONSENT)
    public ResponseEntity<?> withdrawConsent(@AuthenticationPrincipal Actor actor, @PathVariable UUID caseId,
                                             @PathVariable UUID consentId, @Valid @RequestBody WithdrawConsentRequest request,
                                             @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                             @RequestHeader(name = Idempotency.HEADER, required = false) String key) {
        return commands.run(actor, caseId, WITHDRAW_CONSENT, "consents/" + consentId + "/withdrawal", request, key, ifMatch,
                (file, v) -> new WithdrawConsent(file.caseId(), new ConsentId(consentId), request.withdrawnBy(),
                        request.withdrawnOn(), v, actor, now()), Map.of("consentId", consentId));
    }

    private Instant now() {
        return clock.instant();
    }
}
