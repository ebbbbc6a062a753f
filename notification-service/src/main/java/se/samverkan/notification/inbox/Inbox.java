package se.samverkan.notification.inbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import se.samverkan.notification.items.ItemRows;
import se.samverkan.notification.items.PageRequest;
import se.samverkan.notification.routing.PlannedNotification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Every query is scoped by recipient: an item id alone never finds someone else's notification. */
@Repository
public class Inbox {

    /** Channel of PostgreSQL NOTIFY, delivered on commit to every instance so each can feed its own SSE clients. */
    public static final String CHANNEL = "inbox_items";

    private static final String SELECT = """
            SELECT n.id, n.kind, n.case_id, n.referral_id, n.message, n.link, n.created_at, n.read_at,
                   d.status AS mail_status, d.attempts AS mail_attempts, d.sent_at AS mail_sent_at
            FROM notifications n LEFT JOIN mail_deliveries d ON d.notification_id = n.id
            """;

    private final JdbcClient jdbc;

    public Inbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds the item unless this event already gave this person this kind of notification; empty when it did. */
    public Optional<UUID> add(PlannedNotification planned, UUID sourceEventId) {
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("""
                        INSERT INTO notifications (id, recipient_user_id, kind, case_id, referral_id, message, link, source_event_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (source_event_id, recipient_user_id, kind) DO NOTHING""")
                .params(id, planned.recipientUserId(), planned.kind().name(), planned.caseId(), planned.referralId(),
                        planned.message(), planned.link(), sourceEventId)
                .update();
        if (inserted == 0) {
            return Optional.empty();
        }
        // the payload names only ids; listeners load the item themselves, scoped to the recipient
        jdbc.sql("SELECT pg_notify(?, ?)").params(CHANNEL, planned.recipientUserId() + " " + id).query().singleRow();
        return Optional.of(id);
    }

    public InboxPage page(String userId, boolean unreadOnly, UUID caseId, PageRequest page) {
        Map<String, Object> params = new HashMap<>();
        params.put("user", userId);
        if (caseId != null) {
            params.put("caseId", caseId);
        }
        String filter = " WHERE n.recipient_user_id = :user"
                + (unreadOnly ? " AND n.read_at IS NULL" : "")
                + (caseId != null ? " AND n.case_id = :caseId" : "");
        ItemRows.Slice<InboxItem> slice = ItemRows.newestFirst(jdbc, SELECT, "notifications", filter, params, page, Inbox::item);
        long unread = jdbc.sql("SELECT count(*) FROM notifications WHERE recipient_user_id = ? AND read_at IS NULL")
                .param(userId)
                .query(Long.class)
                .single();
        return new InboxPage(slice.items(), page.page(), page.size(), slice.total(), unread);
    }

    public Optional<InboxItem> find(String userId, UUID id) {
        return jdbc.sql(SELECT + " WHERE n.recipient_user_id = ? AND n.id = ?")
                .params(userId, id)
                .query(Inbox::item)
                .optional();
    }

    /** The caller's items created after the one they saw last, oldest first: what a reconnecting stream missed. */
    public List<InboxItem> after(String userId, UUID lastSeen, int limit) {
        return jdbc.sql(SELECT + """
                         WHERE n.recipient_user_id = :user
                           AND (n.created_at, n.id) > (SELECT created_at, id FROM notifications WHERE id = :last AND recipient_user_id = :user)
                         ORDER BY n.created_at, n.id LIMIT :limit""")
                .param("user", userId)
                .param("last", lastSeen)
                .param("limit", limit)
                .query(Inbox::item)
                .list();
    }

    /** True when the caller owns the item (marking twice is fine). */
    public boolean markRead(String userId, UUID id) {
        return jdbc.sql("UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE recipient_user_id = ? AND id = ?")
                .params(userId, id)
                .update() == 1;
    }

    public int markAllRead(String userId) {
        return jdbc.sql("UPDATE notifications SET read_at = now() WHERE recipient_user_id = ? AND read_at IS NULL")
                .param(userId)
                .update();
    }

    private static InboxItem item(ResultSet rs, int row) throws SQLException {
        ItemRows.Common c = ItemRows.common(rs);
        String mailStatus = rs.getString("mail_status");
        Instant readAt = ItemRows.instant(rs.getTimestamp("read_at"));
        return new InboxItem(c.id(), c.kind(), c.caseId(), c.referralId(), c.message(), c.link(), readAt != null,
                c.createdAt(), readAt,
                mailStatus == null ? null
                        : new InboxItem.MailStatus(mailStatus, rs.getInt("mail_attempts"), ItemRows.instant(rs.getTimestamp("mail_sent_at"))));
    }
}
