package se.samverkan.cases.retention;

import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.core.CaseWrite;
import se.samverkan.cases.domain.CaseCommand.LiftLegalHold;
import se.samverkan.cases.domain.CaseCommand.PlaceLegalHold;
import se.samverkan.cases.retention.LegalHoldRequests.LegalHoldRequest;
import se.samverkan.cases.retention.LegalHoldRequests.LiftLegalHoldRequest;

import java.util.Map;
import java.util.UUID;

import static se.samverkan.cases.access.Operation.MANAGE_LEGAL_HOLD;

/** Legal holds: a held case is never cleared, whatever its retention says; placed and lifted by the unit supervisor. */
@RestController
@RequestMapping("/api/cases")
public class LegalHoldController {

    @PostMapping("/{caseId}/legal-holds")
    @AccessOperation(MANAGE_LEGAL_HOLD)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<?> placeLegalHold(CaseWrite write, @Valid @RequestBody LegalHoldRequest request) {
        String holdId = UUID.randomUUID().toString();
        return write.send(request, (file, v) -> new PlaceLegalHold(file.caseId(), holdId, request.kind(), request.reason(),
                v, write.actor(), write.now()), Map.of("holdId", holdId));
    }

    @PostMapping("/{caseId}/legal-holds/{holdId}/lifting")
    @AccessOperation(MANAGE_LEGAL_HOLD)
    public ResponseEntity<?> liftLegalHold(CaseWrite write, @PathVariable UUID holdId,
                                           @Valid @RequestBody LiftLegalHoldRequest request) {
        return write.send(request, (file, v) -> new LiftLegalHold(file.caseId(), holdId.toString(), request.reason(), v,
                write.actor(), write.now()), Map.of());
    }
}
