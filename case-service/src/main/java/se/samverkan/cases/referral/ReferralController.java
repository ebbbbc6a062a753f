package se.samverkan.cases.referral;

import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.*;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.api.CaseCommandEndpoint;
import se.samverkan.cases.api.CaseRequests.*;
import se.samverkan.cases.domain.CaseCommand.*;
import se.samverkan.cases.domain.ConsentId;
import se.samverkan.cases.domain.ReferralId;
import se.samverkan.contracts.RevocationReason;
import se.samverkan.cases.idempotency.Idempotency;
import se.samverkan.platform.identity.Actor;

import java.time.Clock;
import java.time.Instant;
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

    private final CaseCommandEndpoint commands;
    private final Clock clock;

    public ReferralController(CaseCommandEndpoint commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @PostMapping("/{caseId}/referrals")
    @AccessOperation(CREATE_REFERRAL)
    public ResponseEntity<?> createReferral(@AuthenticationPrincipal Actor actor, @PathVariable UUID caseId,
                                            @Valid @RequestBody CreateReferralRequest request,
                                            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                            @RequestHeader(name = Idempotency.HEADER, required = false) String key) {
        ReferralId referralId = new ReferralId(UUID.randomUUID());
        return commands.run(actor, caseId, CREATE_REFERRAL, "referrals", request, key, ifMatch, (file, v) ->
                new CreateReferral(file.caseId(), referralId, request.policeUnit(), request.legalBasis(),
                        request.consentId() == null ? null : new ConsentId(request.consentId()),
                        EnumSet.copyOf(request.dataCategories()), request.caseSummary(), request.riskAssessment(),
                        request.weighingOfInterests(), v, actor, now(), Boolean.TRUE.equals(request.includeProtectedContact())),
                Map.of("referralId", referralId.value()));
    }

    @PostMapping("/{caseId}/referrals/{referralId}/approval")
    @AccessOperation(APPROVE_REFERRAL)
    public ResponseEntity<?> approveReferral(@AuthenticationPrincipal Actor actor, @PathVariable UUID caseId,
                                             @PathVariable UUID referralId,
                                             @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                             @RequestHeader(name = Idempotency.HEADER, required = false) String key) {
        return commands.run(actor, caseId, APPROVE_REFERRAL, "referrals/" + referralId + "/approval", new Empty(), key, ifMatch,
                (file, v) -> new ApproveReferral(file.caseId(), new ReferralId(referralId), v, actor, now()),
                Map.of("referralId", referralId));
    }

    @PostMapping("/{caseId}/referrals/{referralId}/completion")
    @AccessOperation(MANAGE_REFERRAL)
    public ResponseEntity<?> completeReferral(@AuthenticationPrincipal Actor actor, @PathVariable UUID caseId,
                                              @PathVariable UUID referralId, @Valid @RequestBody CompleteReferralRequest request,
                                              @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                              @RequestHeader(name = Idempotency.HEADER, required = false) String key) {
        return commands.run(actor, caseId, MANAGE_REFERRAL, "referrals/" + referralId + "/completion", request, key, ifMatch,
                (file, v) -> new CompleteReferral(file.caseId(), new ReferralId(referralId), request.outcomeCode(), v, actor, now()),
                Map.of("referralId", referralId));
    }

    @PostMapping("/{caseId}/referrals/{referralId}/revocation")
    @AccessOperation(MANAGE_REFERRAL)
    public ResponseEntity<?> revokeReferral(@AuthenticationPrincipal Actor actor, @PathVariable UUID caseId,
                                            @PathVariable UUID referralId,
                                            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                            @RequestHeader(name = Idempotency.HEADER, required = false) String key) {
        return commands.run(actor, caseId, MANAGE_REFERRAL, "referrals/" + referralId + "/revocation", new Empty(), key, ifMatch,
                (file, v) -> new RevokeReferral(file.caseId(), new ReferralId(referralId),
                        RevocationReason.WITHDRAWN_BY_SOCIAL_SERVICES, v, actor, now()),
                Map.of("referralId", referralId));
    }

    private Instant now() {
        return clock.instant();
    }
}
