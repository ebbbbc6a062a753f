package se.samverkan.cases.breakglass;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.cases.access.AccessGuard;
import se.samverkan.cases.access.AccessRequest;
import se.samverkan.cases.access.BreakGlassReasons;
import se.samverkan.cases.access.CaseFacts;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.application.CaseFiles;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.domain.DocumentType;
import se.samverkan.cases.domain.RetainedView;
import se.samverkan.platform.identity.Actor;

import java.time.Instant;
import java.util.UUID;

import static se.samverkan.cases.access.Operation.READ_BREAK_GLASS_REASON;

/**
 * Why someone broke the glass: the access event (and audit-service's review item) carries only the code BREAK_GLASS
 * and its own id; the written reason is read here, by the case's unit supervisor or a compliance officer of the
 * municipality, and that read is itself recorded.
 */
@RestController
@RequestMapping("/api/break-glass-reasons")
public class BreakGlassReasonController {

    public record BreakGlassReasonView(UUID accessEventId, UUID caseId, String userId, Instant recordedAt,
                                       String reason, boolean reasonErased) {
    }

    private final BreakGlassReasons reasons;
    private final CaseFiles files;
    private final AccessGuard guard;

    public BreakGlassReasonController(BreakGlassReasons reasons, CaseFiles files, AccessGuard guard) {
        this.reasons = reasons;
        this.files = files;
        this.guard = guard;
    }

    @GetMapping("/{accessEventId}")
    @AccessOperation(READ_BREAK_GLASS_REASON)
    public BreakGlassReasonView read(@AuthenticationPrincipal Actor actor, @PathVariable UUID accessEventId) {
        String what = "Break-glass reason of access event " + accessEventId;
        BreakGlassReasons.Kept kept = reasons.find(accessEventId).orElse(null);
        CaseFile file = kept == null ? null : files.load(new CaseId(kept.caseId())).orElse(null);
        if (file == null) {
            throw guard.missing(AccessRequest.unknownCase(actor, READ_BREAK_GLASS_REASON),
                    kept == null ? null : kept.caseId(), null, what);
        }
        guard.require(AccessRequest.onCase(actor, READ_BREAK_GLASS_REASON, CaseFacts.of(file)), kept.caseId(), null, what);
        // the reason is sealed under the subject's key for OTHER, which lives on while another case of the subject keeps
        // that type: a case cleared of it reads as erased here as on every other read path
        java.util.Optional<String> reason = RetainedView.of(file).isGone(DocumentType.OTHER) ? java.util.Optional.empty() : kept.reason();
        return new BreakGlassReasonView(accessEventId, kept.caseId(), kept.userId(), kept.recordedAt(),
                reason.orElse(null), reason.isEmpty());
    }
}
