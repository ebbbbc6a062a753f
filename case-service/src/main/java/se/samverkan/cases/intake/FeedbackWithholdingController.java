package se.samverkan.cases.intake;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.application.CaseWrites;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.domain.CaseStatus;
import se.samverkan.cases.intake.FeedbackWithholdings.Withholding;
import se.samverkan.contracts.vocabulary.FeedbackWithholdingReason;
import se.samverkan.contracts.vocabulary.Vocabularies;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static se.samverkan.cases.access.Operation.WITHHOLD_REPORTER_FEEDBACK;

/**
 * SoL 14 kap. 1 b §: the reporter is told how its report is handled "om det inte är olämpligt". The team that handles
 * the report on its case may decide, with a reason code, that it is not appropriate in this case; while that decision
 * is in force the sender reads its report as "received" and gets no notices, and lifting it resumes the feedback.
 * The decision is no case content for the reporter: it never learns one was made. Each step is an access event.
 */
@RestController
public class FeedbackWithholdingController {

    public record WithholdingRequest(@NotBlank @Size(max = 64) String reasonCode) {
    }

    public record WithholdingView(UUID reportId, UUID caseId, boolean withheld, String reasonCode, String reasonLabel,
                                  String withheldBy, Instant withheldAt, List<Withholding> history) {
    }

    private final CaseWrites writes;
    private final FeedbackWithholdings withholdings;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public FeedbackWithholdingController(CaseWrites writes, FeedbackWithholdings withholdings,
                                         PlatformTransactionManager transactions, Clock clock) {
        this.writes = writes;
        this.withholdings = withholdings;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @PutMapping("/api/cases/{caseId}/reports/{reportId}/feedback-withholding")
    @AccessOperation(WITHHOLD_REPORTER_FEEDBACK)
    public WithholdingView withhold(@AuthenticationPrincipal Actor actor, @PathVariable UUID caseId, @PathVariable UUID reportId,
                                    @Valid @RequestBody WithholdingRequest request) {
        FeedbackWithholdingReason reason = reason(request.reasonCode());
        // decided (and recorded, refusals too) before the write's own transaction, which a refusal would roll back
        CaseFile file = authorized(actor, caseId, reportId);
        if (file.status() != CaseStatus.OPEN) {
            throw ClientProblem.conflict("case-closed", "Case " + caseId + " is closed; the reports on it are concluded");
        }
        return transaction.execute(status -> {
            withholdings.withhold(reportId, caseId, reason.name(), actor.userId(), clock.instant());
            return view(reportId, caseId);
        });
    }

    @DeleteMapping("/api/cases/{caseId}/reports/{reportId}/feedback-withholding")
    @AccessOperation(WITHHOLD_REPORTER_FEEDBACK)
    public WithholdingView lift(@AuthenticationPrincipal Actor actor, @PathVariable UUID caseId, @PathVariable UUID reportId) {
        authorized(actor, caseId, reportId);
        return transaction.execute(status -> {
            withholdings.lift(reportId, caseId, actor.userId(), clock.instant());
            return view(reportId, caseId);
        });
    }

    @GetMapping("/api/cases/{caseId}/reports/{reportId}/feedback-withholding")
    @AccessOperation(WITHHOLD_REPORTER_FEEDBACK)
    public WithholdingView read(@AuthenticationPrincipal Actor actor, @PathVariable UUID caseId, @PathVariable UUID reportId) {
        authorized(actor, caseId, reportId);
        return view(reportId, caseId);
    }

    /** The policy decides on the case (recorded, in this transaction); a report not on it is "not found". */
    private CaseFile authorized(Actor actor, UUID caseId, UUID reportId) {
        CaseFile file = writes.authorize(actor, new CaseId(caseId), WITHHOLD_REPORTER_FEEDBACK);
        if (file.report(reportId.toString()).isEmpty()) {
            throw ClientProblem.notFound("Report " + reportId + " on case " + caseId);
        }
        return file;
    }

    private WithholdingView view(UUID reportId, UUID caseId) {
        Withholding current = withholdings.inForce(reportId, caseId).orElse(null);
        FeedbackWithholdingReason reason = current == null ? null : FeedbackWithholdingReason.valueOf(current.reasonCode());
        return new WithholdingView(reportId, caseId, current != null, reason == null ? null : reason.name(),
                reason == null ? null : reason.label(), current == null ? null : current.withheldBy(),
                current == null ? null : current.withheldAt(), withholdings.history(reportId, caseId));
    }

    private static FeedbackWithholdingReason reason(String code) {
        if (!Vocabularies.isCode(FeedbackWithholdingReason.class, code)) {
            throw ClientProblem.unknownCode("reasonCode", Vocabularies.codes(FeedbackWithholdingReason.class));
        }
        return FeedbackWithholdingReason.valueOf(code);
    }
}
