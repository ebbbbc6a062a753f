package se.samverkan.cases.police;

import se.samverkan.cases.catalogue.Coded;
import se.samverkan.cases.catalogue.MunicipalVocabularies;
import se.samverkan.contracts.vocabulary.DeclineReason;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.*;
import se.samverkan.cases.access.AccessGuard;
import se.samverkan.cases.projection.ReferralSummaries;
import se.samverkan.cases.projection.ReferralSummaries.ReferralListItem;
import se.samverkan.cases.access.AccessRequest;
import se.samverkan.cases.access.CaseFacts;
import se.samverkan.cases.access.Decision;
import se.samverkan.cases.access.Operation;
import se.samverkan.cases.access.ReferralFacts;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.police.PoliceRequests.DeclineRequest;
import se.samverkan.cases.core.Empty;
import se.samverkan.cases.core.WriteRequest;
import se.samverkan.cases.police.PoliceRequests.FeedbackRequest;
import se.samverkan.cases.police.PoliceRequests.PoliceReportRequest;
import se.samverkan.cases.application.CaseFiles;
import se.samverkan.cases.application.CaseWrites;
import se.samverkan.cases.domain.CaseCommand;
import se.samverkan.cases.domain.RetainedView;
import se.samverkan.cases.domain.CaseCommand.*;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.domain.Referral;
import se.samverkan.cases.domain.ReferralId;
import se.samverkan.cases.domain.ReferralSnapshot;
import se.samverkan.cases.domain.ReferralStatus;
import se.samverkan.cases.idempotency.Idempotency;
import se.samverkan.contracts.DataCategory;
import se.samverkan.platform.identity.Actor;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static se.samverkan.cases.access.Operation.*;

/**
 * The police liaison's side: referrals addressed to their unit (only the shared snapshot, and only while the legal
 * basis holds), their answers, and police reports in. Nothing here reveals the case behind a referral.
 */
@RestController
@RequestMapping("/api/police")
public class PoliceController {

    /**
     * {@code legalBasisProvision} and {@code purpose} (issue 15; absent for referrals sent before): the provision the
     * data was disclosed under and what for, which bind how the police may use it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PoliceReferralView(UUID referralId, String policeUnit, String legalBasis, String status,
                                     Set<DataCategory> dataCategories, ReferralSnapshot snapshot,
                                     List<FeedbackView> feedback, Instant sentAt, String legalBasisProvision,
                                     String purpose) {
    }

    public record FeedbackView(String feedbackId, String text, Instant postedAt) {
    }

    private final ReferralSummaries summaries;
    private final CaseFiles files;
    private final CaseWrites writes;
    private final AccessGuard guard;
    private final Idempotency idempotency;
    private final PoliceReports reports;
    private final Clock clock;
    private final MunicipalVocabularies vocabularies;

    public PoliceController(ReferralSummaries summaries, CaseFiles files, CaseWrites writes, AccessGuard guard,
                            Idempotency idempotency, PoliceReports reports, Clock clock, MunicipalVocabularies vocabularies) {
        this.vocabularies = vocabularies;
        this.summaries = summaries;
        this.files = files;
        this.writes = writes;
        this.guard = guard;
        this.idempotency = idempotency;
        this.reports = reports;
        this.clock = clock;
    }

    @GetMapping("/referrals")
    @AccessOperation(POLICE_LIST_REFERRALS)
    public List<ReferralListItem> list(@AuthenticationPrincipal Actor actor) {
        guard.require(AccessRequest.withoutCase(actor, POLICE_LIST_REFERRALS), null, null, "Referrals");
        return summaries.sentTo(actor.unit());
    }

    @GetMapping("/referrals/{referralId}")
    @AccessOperation(POLICE_READ_REFERRAL)
    public PoliceReferralView read(@AuthenticationPrincipal Actor actor, @PathVariable UUID referralId) {
        Located located = locate(actor, referralId, POLICE_READ_REFERRAL);
        Referral r = located.referral();
        RetainedView retained = RetainedView.of(located.file());
        return new PoliceReferralView(referralId, r.policeUnit(), r.legalBasis(), r.status().name(), r.dataCategories(),
                retained.snapshot(r.referralId()).orElse(null),
                retained.feedback(r).stream().map(f -> new FeedbackView(f.feedbackId(), f.text(), f.postedAt())).toList(),
                r.createdAt(), r.legalBasisApplied() == null ? null : r.legalBasisApplied().provision(), r.purpose());
    }

    @PostMapping("/referrals/{referralId}/acknowledgement")
    @AccessOperation(POLICE_ANSWER_REFERRAL)
    public ResponseEntity<?> acknowledge(WriteRequest write, @PathVariable UUID referralId) {
        return answer(write, referralId, new Empty(),
                file -> new AcknowledgeReferral(file.caseId(), new ReferralId(referralId), write.actor(), write.now()));
    }

    @PostMapping("/referrals/{referralId}/acceptance")
    @AccessOperation(POLICE_ANSWER_REFERRAL)
    public ResponseEntity<?> accept(WriteRequest write, @PathVariable UUID referralId) {
        return answer(write, referralId, new Empty(),
                file -> new AcceptReferral(file.caseId(), new ReferralId(referralId), write.actor(), write.now()));
    }

    @PostMapping("/referrals/{referralId}/decline")
    @AccessOperation(POLICE_ANSWER_REFERRAL)
    public ResponseEntity<?> decline(WriteRequest write, @PathVariable UUID referralId,
                                     @Valid @RequestBody DeclineRequest request) {
        return answer(write, referralId, request, file -> {
            // the reasons of the municipality whose referral it is
            Coded<DeclineReason> reason = vocabularies.choose(file.municipality(), "reasonCode", DeclineReason.class,
                    request.reasonCode());
            return new DeclineReferral(file.caseId(), new ReferralId(referralId), reason.national(), write.actor(),
                    write.now(), reason.local());
        });
    }

    @PostMapping("/referrals/{referralId}/feedback")
    @AccessOperation(POLICE_ANSWER_REFERRAL)
    public ResponseEntity<?> feedback(WriteRequest write, @PathVariable UUID referralId,
                                      @Valid @RequestBody FeedbackRequest request) {
        String feedbackId = UUID.randomUUID().toString();
        return answer(write, referralId, request, file -> new PostPoliceFeedback(file.caseId(), new ReferralId(referralId),
                feedbackId, request.text(), write.actor(), write.now()));
    }

    @PostMapping("/reports")
    @AccessOperation(SEND_POLICE_REPORT)
    public ResponseEntity<?> report(@AuthenticationPrincipal Actor actor, @Valid @RequestBody PoliceReportRequest request,
                                    @RequestHeader(name = Idempotency.HEADER, required = false) String key) {
        return idempotency.run(actor, key, "POST /api/police/reports", request, () -> reports.authorize(actor, request), municipality -> {
            UUID reportId = reports.receive(actor, request, municipality);
            // the report id only: the case it opened is none of the sender's business
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("reportId", reportId));
        });
    }

    private ResponseEntity<?> answer(WriteRequest write, UUID referralId, Object request,
                                     Function<CaseFile, CaseCommand> command) {
        return idempotency.run(write.actor(), write.idempotencyKey(), write.route(), request,
                () -> locate(write.actor(), referralId, write.operation()), located -> {
            writes.send(command.apply(located.file()));
            Referral after = files.load(located.file().caseId()).flatMap(f -> f.referral(new ReferralId(referralId))).orElseThrow();
            return ResponseEntity.ok(Map.of("referralId", referralId, "status", after.status().name()));
        });
    }

    private record Located(CaseFile file, Referral referral, Decision decision) {
    }

    private Located locate(Actor actor, UUID referralId, Operation operation) {
        AccessRequest unknown = AccessRequest.unknownCase(actor, operation);
        UUID caseId = summaries.caseOf(referralId)
                .orElseThrow(() -> guard.missing(unknown, null, referralId, "Referral " + referralId));
        CaseFile file = files.load(new CaseId(caseId))
                .orElseThrow(() -> guard.missing(unknown, null, referralId, "Referral " + referralId));
        Referral referral = file.referral(new ReferralId(referralId))
                .orElseThrow(() -> guard.missing(unknown, null, referralId, "Referral " + referralId));
        ReferralFacts facts = ReferralFacts.of(referral,
                referral.consentId() == null ? null : file.consent(referral.consentId()).orElse(null),
                LocalDate.now(clock));
        Decision decision = guard.require(AccessRequest.onReferral(actor, operation, CaseFacts.of(file), facts),
                caseId, referralId, "Referral " + referralId);
        return new Located(file, referral, decision);
    }

}
