package se.samverkan.cases.retention;

import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.*;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.api.CaseCommandEndpoint;
import se.samverkan.cases.api.CaseRequests.LegalHoldRequest;
import se.samverkan.cases.api.CaseRequests.LiftLegalHoldRequest;
import se.samverkan.cases.domain.CaseCommand.LiftLegalHold;
import se.samverkan.cases.domain.CaseCommand.PlaceLegalHold;
import se.samverkan.cases.idempotency.Idempotency;
import se.samverkan.platform.identity.Actor;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static se.samverkan.cases.access.Operation.MANAGE_LEGAL_HOLD;

/** Legal holds: a held case is never cleared, whatever its retention says; placed and lifted by the unit supervisor. */
@RestController
@RequestMapping("/api/cases")
public class LegalHoldController {

    private final CaseCommandEndpoint commands;
    private final Clock clock;

    public LegalHoldController(CaseCommandEndpoint commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @PostMapping("/{caseId}/legal-holds")
    @AccessOperation(MANAGE_LEGAL_HOLD)
    public ResponseEntity<?> placeLegalHold(@AuthenticationPrincipal Actor actor, @PathVariable UUID caseId,
                                            @Valid @RequestBody LegalHoldRequest request,
                                            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                            @RequestHeader(name = Idempotency.HEADER, required = false) String key) {
        String holdId = UUID.randomUUID().toString();
        return commands.run(actor, caseId, MANAGE_LEGAL_HOLD, "legal-holds", request, key, ifMatch, (file, v) ->
                new PlaceLegalHold(file.caseId(), holdId, request.kind(), request.reason(), v, actor, now()),
                Map.of("holdId", holdId));
    }

    @PostMapping("/{caseId}/legal-holds/{holdId}/lifting")
    @AccessOperation(MANAGE_LEGAL_HOLD)
    public ResponseEntity<?> liftLegalHold(@AuthenticationPrincipal Actor actor, @PathVariable UUID caseId,
                                           @PathVariable UUID holdId, @Valid @RequestBody LiftLegalHoldRequest request,
                                           @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                           @RequestHeader(name = Idempotency.HEADER, required = false) String key) {
        return commands.run(actor, caseId, MANAGE_LEGAL_HOLD, "legal-holds/" + holdId + "/lifting", request, key, ifMatch,
                (file, v) -> new LiftLegalHold(file.caseId(), holdId.toString(), request.reason(), v, actor, now()), Map.of());
    }

    private Instant now() {
        return clock.instant();
    }
}
