package se.samverkan.audit.review;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.audit.compliance.AuditReads;
import se.samverkan.audit.compliance.MunicipalityScope;
import se.samverkan.audit.compliance.SearchCriteria;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;

import java.util.List;
import java.util.Map;
import java.util.UUID;

@RestController
@RequestMapping("/api/audit/review-items")
@Validated
public class ReviewController {

    public record ReviewPage(List<ReviewItem> items, int page, int size) {
    }

    private final ReviewQueue queue;
    private final AuditReads reads;

    public ReviewController(ReviewQueue queue, AuditReads reads) {
        this.queue = queue;
        this.reads = reads;
    }

    @Operation(summary = "The review queue (open items by default)")
    @GetMapping
    public ReviewPage list(@AuthenticationPrincipal Actor officer,
                           @RequestParam(defaultValue = "OPEN") ReviewQueue.Status status,
                           @RequestParam(required = false) ReviewRule rule,
                           @RequestParam(required = false) String actorId,
                           @RequestParam(required = false) UUID caseId,
                           @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
                           @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        // before anything is read or logged: the criteria go into the log's own entry for good
        SearchCriteria.checkActorId(actorId);
        MunicipalityScope scope = MunicipalityScope.of(officer);
        List<ReviewItem> items = queue.list(scope, status, rule, actorId, caseId, page, size);
        Map<String, Object> criteria = new java.util.LinkedHashMap<>();
        criteria.put("status", status);
        criteria.put("rule", rule);
        criteria.put("actorId", actorId);
        criteria.put("caseId", caseId);
        criteria.put("page", page);
        criteria.put("size", size);
        criteria.put("municipality", scope.municipality());
        reads.record(officer, "review-queue", criteria, items.size(), caseId);
        return new ReviewPage(items, page, size);
    }

    @Operation(summary = "One review item")
    @GetMapping("/{id}")
    public ReviewItem get(@AuthenticationPrincipal Actor officer, @PathVariable UUID id) {
        ReviewItem item = queue.find(id, MunicipalityScope.of(officer)).orElseThrow(() -> ClientProblem.notFound("Review item " + id));
        reads.record(officer, "review-item", Map.of("reviewItemId", id), 1, item.caseId());
        return item;
    }

    @Operation(summary = "Decide a review item; the decision is appended to the audit log (403 for an item about your own access)")
    @PostMapping("/{id}/decision")
    public ReviewItem decide(@AuthenticationPrincipal Actor officer, @PathVariable UUID id,
                             @Valid @RequestBody ReviewDecision decision) {
        try {
            return queue.decide(id, decision, officer);
        } catch (ClientProblem refused) {
            if (refused.status() == 403) {
                // a refused attempt to decide one's own item is itself on record
                reads.record(officer, "review-decision-refused", Map.of("reviewItemId", id, "reason", refused.code()), 0, null);
            }
            throw refused;
        } catch (UnverifiedReviewItemException unverified) {
            // the attempt is on record too, by item id only: nothing of the row it met is the log's
            reads.record(officer, "review-decision-refused", Map.of("reviewItemId", id, "reason", "review-item-unverified"), 0, null);
            throw unverified;
        }
    }
}
