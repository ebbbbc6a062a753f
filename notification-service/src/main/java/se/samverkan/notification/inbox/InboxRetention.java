package se.samverkan.notification.inbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import se.samverkan.notification.config.NotificationProperties;

import java.sql.Timestamp;
import java.time.Clock;

/**
 * Inbox items only point at something that happened; after the retention period they have served their purpose and
 * go, with their delivery records. Mail still waiting is kept until it is sent or given up.
 */
@Component
public class InboxRetention {

    private static final Logger log = LoggerFactory.getLogger(InboxRetention.class);

    private final JdbcClient jdbc;
    private final NotificationProperties properties;
    private final Clock clock;

    InboxRetention(JdbcClient jdbc, NotificationProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(cron = "${samverkan.notification.retention-cron:0 30 3 * * *}", zone = "${samverkan.notification.mail.zone:Europe/Stockholm}")
    @Transactional
    public int removeExpired() {
        Timestamp cutoff = Timestamp.from(clock.instant().minus(properties.retention()));
        jdbc.sql("""
                        DELETE FROM mail_deliveries d USING notifications n
                        WHERE d.notification_id = n.id AND n.created_at < ? AND d.status <> 'PENDING'""")
                .param(cutoff)
                .update();
        int removed = jdbc.sql("""
                        DELETE FROM notifications n WHERE n.created_at < ?
                        AND NOT EXISTS (SELECT 1 FROM mail_deliveries d WHERE d.notification_id = n.id)""")
                .param(cutoff)
                .update();
        removed += jdbc.sql("DELETE FROM unit_notifications WHERE created_at < ?").param(cutoff).update();
        if (removed > 0) {
            log.info("Removed {} inbox item(s) created before {}", removed, cutoff.toInstant());
        }
        return removed;
    }
}
