package se.samverkan.notification.unitinbox;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import se.samverkan.notification.items.ItemRows;
import se.samverkan.notification.items.PageRequest;
import se.samverkan.notification.routing.PlannedUnitNotification;
import se.samverkan.notification.routing.ProtectedCases;
import se.samverkan.notification.routing.UnitAudience;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Units' shared queues. Every query is scoped by audience: an item id alone never finds another unit's item. */
@Repository
public class UnitInbox {

    /** PostgreSQL NOTIFY channel; the payload is the audience key and the item id, never content. */
    public static final String CHANNEL = "unit_inbox_items";

    private static final String SELECT = """
            SELECT n.id, n.kind, n.case_id, n.referral_id, n.message, n.link, n.created_at, n.claimed_by, n.claimed_at
            FROM unit_notifications n
            """;

    /**
     * The items the unit may see: all of its own but those a case's protection keeps off the queue, also when the level
     * was raised after they were written ({@link ProtectedCases}). Such an item is neither listed, counted, claimed,
     * released nor pushed: to the unit it is as if there were none.
     */
    private static final String VISIBLE = " AND NOT (n.kind IN (" + ProtectedCases.keptOffTheUnitQueue() + ") AND "
            + ProtectedCases.isProtectedNow("n.case_id") + ")";

    private final JdbcClient jdbc;

    public UnitInbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds the item unless this event already gave this unit this kind of item; empty when it did. */
    public Optional<UUID> add(PlannedUnitNotification planned, UUID sourceEventId) {
        UUID id = UUID.randomUUID();
        String audience = planned.audience().key();
        int inserted = jdbc.sql("""
                        INSERT INTO unit_notifications (id, audience, kind, case_id, referral_id, message, link, source_event_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (source_event_id, audience, kind) DO NOTHING""")
                .params(id, audience, planned.kind().name(), planned.caseId(), planned.referralId(), planned.message(),
                        planned.link(), sourceEventId)
                .update();
        if (inserted == 0) {
            return Optional.empty();
        }
        jdbc.sql("SELECT pg_notify(?, ?)").params(CHANNEL, audience + " " + id).query().singleRow();
        return Optional.of(id);
    }

    public UnitInboxPage page(UnitAudience audience, boolean openOnly, PageRequest page) {
        String filter = " WHERE n.audience = :audience" + VISIBLE + (openOnly ? " AND n.claimed_by IS NULL" : "");
        ItemRows.Slice<UnitInboxItem> slice = ItemRows.newestFirst(jdbc, SELECT, "unit_notifications", filter,
                Map.of("audience", audience.key()), page, UnitInbox::item);
        long open = jdbc.sql("SELECT count(*) FROM unit_notifications n WHERE n.audience = ?" + VISIBLE + " AND n.claimed_by IS NULL")
                .param(audience.key())
                .query(Long.class)
                .single();
        return new UnitInboxPage(audience.unit(), slice.items(), page.page(), page.size(), slice.total(), open);
    }

    public Optional<UnitInboxItem> find(UnitAudience audience, UUID id) {
        return find(audience.key(), id);
    }

    public Optional<UnitInboxItem> find(String audienceKey, UUID id) {
        return jdbc.sql(SELECT + " WHERE n.audience = ? AND n.id = ?" + VISIBLE).params(audienceKey, id).query(UnitInbox::item).optional();
    }

    /**
     * Takes the item on for the caller unless someone else already has (claiming one's own item again is fine). The
     * conditional update makes two members claiming at once safe: exactly one of them gets it.
     */
    public ClaimOutcome claim(UnitAudience audience, UUID id, String userId) {
        int updated = jdbc.sql("""
                        UPDATE unit_notifications n SET claimed_by = ?, claimed_at = coalesce(claimed_at, now())
                        WHERE n.audience = ? AND n.id = ? AND (n.claimed_by IS NULL OR n.claimed_by = ?)""" + VISIBLE)
                .params(userId, audience.key(), id, userId)
                .update();
        return updated == 1 ? ClaimOutcome.DONE : find(audience, id).isPresent() ? ClaimOutcome.HELD_BY_OTHER : ClaimOutcome.NOT_FOUND;
    }

    /** Puts the item back in the open queue; only the one who claimed it, or a supervisor of the unit when overriding. */
    public ClaimOutcome release(UnitAudience audience, UUID id, String userId, boolean override) {
        int updated = jdbc.sql("""
                        UPDATE unit_notifications n SET claimed_by = NULL, claimed_at = NULL
                        WHERE n.audience = ? AND n.id = ? AND (n.claimed_by = ? OR n.claimed_by IS NULL OR ?)""" + VISIBLE)
                .params(audience.key(), id, userId, override)
                .update();
        return updated == 1 ? ClaimOutcome.DONE : find(audience, id).isPresent() ? ClaimOutcome.HELD_BY_OTHER : ClaimOutcome.NOT_FOUND;
    }

    public enum ClaimOutcome { DONE, HELD_BY_OTHER, NOT_FOUND }

    private static UnitInboxItem item(ResultSet rs, int row) throws SQLException {
        ItemRows.Common c = ItemRows.common(rs);
        return new UnitInboxItem(c.id(), c.kind(), c.caseId(), c.referralId(), c.message(), c.link(), c.createdAt(),
                rs.getString("claimed_by"), ItemRows.instant(rs.getTimestamp("claimed_at")));
    }
}
