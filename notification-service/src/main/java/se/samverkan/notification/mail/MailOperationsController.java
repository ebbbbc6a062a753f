package se.samverkan.notification.mail;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import se.samverkan.notification.routing.NotificationKind;
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

    private final JdbcClient jdbc;

    MailOperationsController(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        return jdbc.sql("""
                        SELECT d.id, d.notification_id, d.recipient_user_id, n.kind, d.status, d.attempts, d.last_error, d.created_at
                        FROM mail_deliveries d JOIN notifications n ON n.id = d.notification_id
                        WHERE d.status = ? ORDER BY d.created_at DESC, d.id LIMIT ?""")
                .params(status, limit)
                .query((rs, row) -> new FailedMail(rs.getObject("id", UUID.class), rs.getObject("notification_id", UUID.class),
                        rs.getString("recipient_user_id"), NotificationKind.valueOf(rs.getString("kind")), rs.getString("status"),
                        rs.getInt("attempts"), rs.getString("last_error"), rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    /** Back to PENDING with a fresh count of attempts; the dispatcher picks it up on its next poll. */
    @PostMapping("/{id}/retry")
    Map<String, Object> retry(@PathVariable UUID id) {
        int updated = requeue(" AND id = :id", id);
        if (updated == 0) {
            String status = jdbc.sql("SELECT status FROM mail_deliveries WHERE id = ?").param(id).query(String.class).optional()
                    .orElseThrow(() -> ClientProblem.notFound("Mail delivery " + id));
            throw ClientProblem.conflict("not-failed", "Mail delivery " + id + " is " + status
                    + "; only FAILED deliveries can be sent again");
        }
        return Map.of("id", id, "status", "PENDING");
    }

    @PostMapping("/retry-failed")
    Map<String, Integer> retryAllFailed() {
        return Map.of("requeued", requeue("", null));
    }

    private int requeue(String filter, UUID id) {
        return jdbc.sql("UPDATE mail_deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = now(), last_error = NULL"
                        + " WHERE status = 'FAILED'" + filter)
                .param("id", id)
                .update();
    }
}
