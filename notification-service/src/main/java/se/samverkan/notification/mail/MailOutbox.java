package se.samverkan.notification.mail;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import se.samverkan.notification.preferences.MailDelivery;
import se.samverkan.notification.routing.NotificationKind;
import se.samverkan.notification.routing.ProtectedCases;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** E-mail deliveries waiting, sent or given up, written in the same transaction as their notification. */
@Repository
public class MailOutbox {

    public enum Status { PENDING, SENT, FAILED, CANCELLED }

    /**
     * A due delivery with what the mail may say (the notification's message and link, nothing more), and what it is
     * about (its kind and case), for the check that the recipient may still hear of that case.
     */
    public record Due(UUID id, UUID notificationId, String recipientUserId, String email, MailDelivery delivery, int attempts,
                      String kindTitle, String message, String link, NotificationKind kind, UUID caseId) {
    }

    private final JdbcClient jdbc;

    public MailOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void enqueue(UUID notificationId, String userId, String email, MailDelivery delivery, Instant notBefore) {
        jdbc.sql("""
                        INSERT INTO mail_deliveries (id, notification_id, recipient_user_id, recipient_email, delivery, next_attempt_at)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (notification_id) DO NOTHING""")
                .params(UUID.randomUUID(), notificationId, userId, email, delivery.name(), Timestamp.from(notBefore))
                .update();
    }

    /**
     * Locks the due rows until the caller's transaction ends; other instances skip them instead of sending twice
     * ({@link #claim} keeps them out of reach after that transaction). The
     * address is the recipient's as the directory has it now (null once they left or have none): a digest or a retry
     * can go out a day after the event, and an address given up since may belong to someone else by then.
     */
    public List<Due> lockDue(int limit) {
        return jdbc.sql("""
                        SELECT d.id, d.notification_id, d.recipient_user_id, d.delivery, d.attempts, n.kind, n.message, n.link, n.case_id,
                               CASE WHEN u.active AND u.suspended_at IS NULL AND coalesce(u.email, '') <> '' THEN u.email END AS current_email,
                               """ + ProtectedCases.isProtectedNow("n.case_id") + """
                         AS case_protected
                        FROM mail_deliveries d JOIN notifications n ON n.id = d.notification_id
                        LEFT JOIN directory_users u ON u.user_id = d.recipient_user_id
                        WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()
                        ORDER BY d.next_attempt_at, d.id
                        LIMIT ? FOR UPDATE OF d SKIP LOCKED""")
                .param(limit)
                .query((rs, row) -> new Due(rs.getObject("id", UUID.class), rs.getObject("notification_id", UUID.class),
                        rs.getString("recipient_user_id"), rs.getString("current_email"),
                        MailDelivery.valueOf(rs.getString("delivery")), rs.getInt("attempts"),
                        NotificationKind.valueOf(rs.getString("kind")).title(),
                        mailsTheMessage(rs) ? rs.getString("message") : NUDGE,
                        mailsTheMessage(rs) ? rs.getString("link") : null,
                        NotificationKind.valueOf(rs.getString("kind")), rs.getObject("case_id", UUID.class)))
                .list();
    }

    static final String NUDGE = "There is news in your Samverkan inbox.";

    /**
     * Whether the mail may carry the item's message and link; otherwise it says only that there is news to sign in for.
     * Not for a nudge-only kind, and not for a case whose subject has a protected identity now: an item written before
     * the level was raised names the case's unit (where a protected young person lives), and a mailbox is forwarded and
     * kept.
     */
    private static boolean mailsTheMessage(ResultSet rs) throws SQLException {
        return NotificationKind.valueOf(rs.getString("kind")).mailsTheMessage() && !rs.getBoolean("case_protected");
    }

    /**
     * Takes locked due deliveries out of every dispatcher's reach for {@code lease} (their next attempt moves to its
     * end), so that they can be sent one by one after the locking transaction committed: a dispatcher that dies
     * among them leaves the ones it has not sent due again when the lease runs out, and those it has sent are SENT.
     */
    public void claim(List<UUID> ids, java.time.Duration lease) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("UPDATE mail_deliveries SET next_attempt_at = now() + make_interval(secs => :seconds) WHERE id IN (:ids)")
                .param("ids", ids)
                .param("seconds", lease.toMillis() / 1000.0)
                .update();
    }

    /** Claimed deliveries a dispatcher will not send after all are due again at once. */
    public void release(List<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("UPDATE mail_deliveries SET next_attempt_at = now() WHERE id IN (:ids) AND status = 'PENDING'")
                .param("ids", ids)
                .update();
    }

    public long count(Status status) {
        return jdbc.sql("SELECT count(*) FROM mail_deliveries WHERE status = ?").param(status.name()).query(Long.class).single();
    }

    public void markSent(List<UUID> ids) {
        jdbc.sql("UPDATE mail_deliveries SET status = 'SENT', attempts = attempts + 1, sent_at = now(), last_error = NULL WHERE id IN (:ids)")
                .param("ids", ids)
                .update();
    }

    public void markRetry(List<UUID> ids, Instant nextAttempt, String error) {
        jdbc.sql("UPDATE mail_deliveries SET attempts = attempts + 1, next_attempt_at = :next, last_error = :error WHERE id IN (:ids)")
                .param("ids", ids)
                .param("next", Timestamp.from(nextAttempt))
                .param("error", error)
                .update();
    }

    /** Records the address a delivery actually goes to, when it changed since the item was created. */
    public void retarget(List<UUID> ids, String email) {
        jdbc.sql("UPDATE mail_deliveries SET recipient_email = :email WHERE id IN (:ids) AND recipient_email <> :email")
                .param("ids", ids)
                .param("email", email)
                .update();
    }

    public void cancel(List<UUID> ids, String reason) {
        jdbc.sql("UPDATE mail_deliveries SET status = 'CANCELLED', last_error = :reason WHERE id IN (:ids)")
                .param("ids", ids)
                .param("reason", reason)
                .update();
    }

    public void markFailed(List<UUID> ids, String error) {
        jdbc.sql("UPDATE mail_deliveries SET status = 'FAILED', attempts = attempts + 1, last_error = :error WHERE id IN (:ids)")
                .param("ids", ids)
                .param("error", error)
                .update();
    }

    /**
     * A delivery is an operator's of the recipient's municipality only (as the directory has it now): another
     * municipality's say whom it notifies of what and when. A recipient the directory does not know is nobody's.
     */
    private static final String OF_MUNICIPALITY =
            " AND d.recipient_user_id IN (SELECT user_id FROM directory_users WHERE municipality = :municipality)";

    /** Deliveries in {@code status} (FAILED or CANCELLED) to people of the municipality, newest first: metadata only, for an operator. */
    public List<FailedMail> undelivered(String municipality, Status status, int limit) {
        return jdbc.sql("""
                        SELECT d.id, d.notification_id, d.recipient_user_id, n.kind, d.status, d.attempts, d.last_error, d.created_at,
                               """ + ProtectedCases.isProtectedNow("n.case_id") + """
                         AS case_protected
                        FROM mail_deliveries d JOIN notifications n ON n.id = d.notification_id
                        WHERE d.status = :status""" + OF_MUNICIPALITY + " ORDER BY d.created_at DESC, d.id LIMIT :limit")
                .param("status", status.name())
                .param("municipality", municipality)
                .param("limit", limit)
                // what the mail does not say (a nudge), the operator is not told either: no kind
                .query((rs, row) -> new FailedMail(rs.getObject("id", UUID.class), rs.getObject("notification_id", UUID.class),
                        rs.getString("recipient_user_id"), mailsTheMessage(rs) ? NotificationKind.valueOf(rs.getString("kind")) : null,
                        rs.getString("status"),
                        rs.getInt("attempts"), rs.getString("last_error"), rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    /** The status of a delivery to someone of the municipality; empty for any other, as for one that does not exist. */
    public Optional<Status> statusOf(String municipality, UUID id) {
        return jdbc.sql("SELECT d.status FROM mail_deliveries d WHERE d.id = :id" + OF_MUNICIPALITY)
                .param("id", id)
                .param("municipality", municipality)
                .query(String.class).optional()
                .map(Status::valueOf);
    }

    /**
     * Back to PENDING with a fresh count of attempts, the one delivery {@code id} or (null) every failed one, of people
     * of the municipality; the dispatcher picks them up on its next poll. Returns how many were requeued.
     */
    public int requeueFailed(String municipality, UUID id) {
        return jdbc.sql("UPDATE mail_deliveries d SET status = 'PENDING', attempts = 0, next_attempt_at = now(), last_error = NULL"
                        + " WHERE d.status = 'FAILED'" + (id == null ? "" : " AND d.id = :id") + OF_MUNICIPALITY)
                .param("id", id)
                .param("municipality", municipality)
                .update();
    }
}
