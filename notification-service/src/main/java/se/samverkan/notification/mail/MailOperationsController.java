package se.samverkan.notification.mail;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * For administrators once the cause of failed mail is fixed (relay credentials, a wrong address in Keycloak): see
 * what did not go out and send it again. Only delivery metadata; the messages stay in their recipients' inboxes. As the
 * directory, only the administrator's own municipality's people: another municipality's delivery is a 404, as if there
 * were none.
 */
@RestController
@RequestMapping("/api/mail/deliveries")
class MailOperationsController {

    private final MailOutbox outbox;

    MailOperationsController(MailOutbox outbox) {
        this.outbox = outbox;
    }

    @GetMapping
    List<FailedMail> undelivered(@AuthenticationPrincipal Actor actor,
                                 @RequestParam(defaultValue = "FAILED") String status,
                                 @RequestParam(defaultValue = "100") int limit) {
        if (!List.of("FAILED", "CANCELLED").contains(status)) {
            throw ClientProblem.badRequest("invalid-status", "status must be FAILED or CANCELLED; got '" + status + "'");
        }
        if (limit < 1 || limit > 1000) {
            throw ClientProblem.badRequest("invalid-limit", "limit must be between 1 and 1000; got " + limit);
        }
        return outbox.undelivered(actor.municipality(), MailOutbox.Status.valueOf(status), limit);
    }

    /** Back to PENDING with a fresh count of attempts; the dispatcher picks it up on its next poll. */
    @PostMapping("/{id}/retry")
    Map<String, Object> retry(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        int updated = outbox.requeueFailed(actor.municipality(), id);
        if (updated == 0) {
            MailOutbox.Status status = outbox.statusOf(actor.municipality(), id)
                    .orElseThrow(() -> ClientProblem.notFound("Mail delivery " + id));
            throw ClientProblem.conflict("not-failed", "Mail delivery " + id + " is " + status
                    + "; only FAILED deliveries can be sent again");
        }
        return Map.of("id", id, "status", "PENDING");
    }

    @PostMapping("/retry-failed")
    Map<String, Integer> retryAllFailed(@AuthenticationPrincipal Actor actor) {
        return Map.of("requeued", outbox.requeueFailed(actor.municipality(), null));
    }
}
