package se.samverkan.audit.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import se.samverkan.audit.compliance.ScanGate;
import se.samverkan.audit.log.LogUnavailableException;
import se.samverkan.audit.review.UnverifiedReviewItemException;
import se.samverkan.platform.problem.ProblemTypes;

/**
 * A read of the log that cannot itself be logged is refused, not answered: that is a temporary condition the
 * client may retry, so 503 with Retry-After rather than an opaque 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class AuditProblemHandlers {

    private static final Logger log = LoggerFactory.getLogger(AuditProblemHandlers.class);

    @ExceptionHandler(LogUnavailableException.class)
    ResponseEntity<ProblemDetail> logUnavailable(LogUnavailableException e) {
        log.warn("Audit log unavailable for a request: {}", e.getMessage());
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The audit log cannot record this request right now, so it was not carried out. Try again in a few seconds.");
        body.setType(ProblemTypes.of("audit-log-unavailable"));
        body.setTitle("Audit log temporarily unavailable");
        body.setProperty("code", "audit-log-unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5").body(body);
    }

    /**
     * A review item row that is not as the sequencer wrote it (the runtime role may INSERT item rows): 500, since
     * neither the request nor a retry is at fault, and no Retry-After. Nothing of the row is repeated; the operators
     * were alerted by item id ({@code ReviewQueueIntegrity}).
     */
    @ExceptionHandler(UnverifiedReviewItemException.class)
    ResponseEntity<ProblemDetail> unverifiedReviewItem(UnverifiedReviewItemException e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Review item " + e.itemId() + " is not as this audit log wrote it: its seal does not verify, so it was neither "
                        + "shown nor decided and nothing was recorded as its decision. The security alarm is raised "
                        + "(reviewQueueIntegrity); an operator removes the row.");
        body.setType(ProblemTypes.of("review-item-unverified"));
        body.setTitle("Review item failed its integrity check");
        body.setProperty("code", "review-item-unverified");
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(body);
    }

    @ExceptionHandler(ScanGate.ScansBusyException.class)
    ResponseEntity<ProblemDetail> scansBusy(ScanGate.ScansBusyException e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Other searches of the audit log are running; this one was not started (nothing was read or recorded). "
                        + "Send it again in a second (Retry-After).");
        body.setType(ProblemTypes.of("audit-search-busy"));
        body.setTitle("Audit log searches busy");
        body.setProperty("code", "audit-search-busy");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").body(body);
    }
}
