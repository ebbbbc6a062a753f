package se.samverkan.notification.mail;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.platform.problem.ClientProblem;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * For administrators once the cause of failed mail is fixed (relay credentials, a wrong address in Keycloak): see
 * what did not go out and send it again. Only delivery metadata; the messages stay in their recipients' inboxes.
 */
@RestController
@RequestMapping("/api/mail/deliveries")
class MailOperationsController {

    private final MailOutbox outbox;

    MailOperationsController(MailOutbox outbox) {
        this.outbox = outbox;
    }

    @GetMapping
    List<FailedMail> undelivered(@RequestParam(defaultValue = "FAILED") String status,
                                 @RequestParam(defaultValue = "100") int limit) {
        if (!List.of("FAILED", "CANCELLED").contains(status)) {
            throw ClientProblem.badRequest("invalid-status", "status must be FAILED or CANCELLED; got '" + status + "'");
        }
        if (limit < 1 || limit > 1000) {
            throw ClientProblem.badRequest("invalid-limit", "limit must be between 1 and 1000; got " + limit);
        }
        return outbox.undelivered(MailOutbox.Status.valueOf(status), limit);
    }

    /** Back to PENDING with a fresh count of attempts; the dispatcher picks it up on its next poll. */
    @PostMapping("/{id}/retry")
    Map<String, Object> retry(@PathVariable UUID id) {
        int updated = outbox.requeueFailed(id);
        if (updated == 0) {
            MailOutbox.Status status = outbox.statusOf(id).orElseThrow(() -> ClientProblem.notFound("Mail delivery " + id));
            throw ClientProblem.conflict("not-failed", "Mail delivery " + id + " is " + status
                    + "; only FAILED deliveries can be sent again");
        }
        return Map.of("id", id, "status", "PENDING");
    }

    @PostMapping("/retry-failed")
    Map<String, Integer> retryAllFailed() {
        return Map.of("requeued", outbox.requeueFailed(null));
    }
}
