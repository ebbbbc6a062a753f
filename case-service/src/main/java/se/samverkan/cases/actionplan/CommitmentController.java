package se.samverkan.cases.actionplan;

import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import se.samverkan.cases.projection.CommitmentSummaries;
import se.samverkan.platform.problem.ClientProblem;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.*;
import se.samverkan.cases.access.AccessOperation;
import se.samverkan.cases.actionplan.ActionPlanRequests.DoneReportRequest;
import se.samverkan.cases.application.CaseFiles;
import se.samverkan.cases.application.CaseWrites;
import se.samverkan.cases.core.WriteRequest;
import se.samverkan.cases.domain.CaseCommand.ReportCommitmentDone;
import se.samverkan.cases.domain.RetainedView;
import se.samverkan.cases.idempotency.Idempotency;
import se.samverkan.platform.identity.Actor;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static se.samverkan.cases.access.Operation.*;

/**
 * A participant's side of joint action plans (issue 15): "my commitments" across cases, one commitment, and the
 * owner's report that it is done. Only the owner, only within a consent that names their organisation for joint
 * planning and holds today; everyone else, and the owner without such a consent, learns nothing (404). The answers
 * never name the case.
 */
@RestController
@RequestMapping("/api/commitments")
public class CommitmentController {

    private final Commitments commitments;
    private final CaseWrites writes;
    private final CaseFiles files;
    private final Idempotency idempotency;

    public CommitmentController(Commitments commitments, CaseWrites writes, CaseFiles files, Idempotency idempotency) {
        this.commitments = commitments;
        this.writes = writes;
        this.files = files;
        this.idempotency = idempotency;
    }

    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 200;

    /**
     * "My commitments", {@code limit} (1–200, default 50) at a time, waiting ones first by due date; a
     * {@code Link: <…?after=…>; rel="next"} header leads to the next page while there is one.
     */
    @GetMapping
    @AccessOperation(LIST_OWN_COMMITMENTS)
    public ResponseEntity<List<CommitmentView>> mine(@AuthenticationPrincipal Actor actor,
                                                     @RequestParam(required = false) Integer limit,
                                                     @RequestParam(required = false) String after) {
        int pageSize = limit == null ? DEFAULT_PAGE : limit;
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw ClientProblem.badRequest("invalid-page-size", "'limit' must be between 1 and " + MAX_PAGE + ", was " + limit);
        }
        Commitments.Page page = commitments.mine(actor, pageSize, cursor(after));
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (page.next() != null) {
            CommitmentSummaries.Cursor next = page.next();
            String cursor = (next.followedUp() ? "1" : "0") + "~" + next.dueOn() + "~" + next.commitmentId();
            response.header(HttpHeaders.LINK, "<" + ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("after", cursor)
                    .replaceQueryParam("limit", pageSize).build().encode().toUriString() + ">; rel=\"next\"");
        }
        return response.body(page.items());
    }

    private static CommitmentSummaries.Cursor cursor(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            String[] parts = text.split("~");
            if (parts.length != 3 || !(parts[0].equals("0") || parts[0].equals("1"))) {
                throw new IllegalArgumentException();
            }
            return new CommitmentSummaries.Cursor(parts[0].equals("1"), java.time.LocalDate.parse(parts[1]), UUID.fromString(parts[2]));
        } catch (RuntimeException e) {
            throw ClientProblem.badRequest("invalid-cursor", "'after' must be the cursor of a previous page's Link header");
        }
    }

    @GetMapping("/{commitmentId}")
    @AccessOperation(READ_COMMITMENT)
    public CommitmentView read(@AuthenticationPrincipal Actor actor, @PathVariable UUID commitmentId) {
        Commitments.Located located = commitments.locate(actor, commitmentId, READ_COMMITMENT);
        return CommitmentView.of(RetainedView.of(located.file()), located.commitment(), located.decision());
    }

    @PostMapping("/{commitmentId}/done-report")
    @AccessOperation(REPORT_COMMITMENT)
    public ResponseEntity<?> reportDone(WriteRequest write, @PathVariable UUID commitmentId,
                                        @Valid @RequestBody(required = false) DoneReportRequest request) {
        DoneReportRequest body = request == null ? new DoneReportRequest(null) : request;
        return idempotency.run(write.actor(), write.idempotencyKey(), write.route(), body,
                () -> commitments.locate(write.actor(), commitmentId, write.operation()), located -> {
                    writes.send(new ReportCommitmentDone(located.file().caseId(), commitmentId.toString(), body.text(),
                            write.actor(), write.now()));
                    var after = files.load(located.file().caseId()).flatMap(f -> f.commitment(commitmentId.toString())).orElseThrow();
                    return ResponseEntity.ok(Map.of("commitmentId", commitmentId, "status", after.status().name()));
                });
    }
}
